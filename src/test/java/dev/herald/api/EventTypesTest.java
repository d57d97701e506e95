package dev.herald.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTypesTest {
  @ParameterizedTest
  @ValueSource(strings = {"update", "a.b:c-d_e", "message", "X"})
  void valid(String type) {
    assertEquals(type, EventTypes.check("type", type));
  }

  @Test
  void absentMeansMessage() {
    assertEquals("message", EventTypes.check("type", null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a\nb", "a/b", "connected", "gap", "é"})
  void invalid(String type) {
    assertEquals(400, assertThrows(Problem.class, () -> EventTypes.check("type", type)).status());
  }

  @Test
  void lengthLimit() {
    assertEquals("t".repeat(64), EventTypes.check("type", "t".repeat(64)));
    assertThrows(Problem.class, () -> EventTypes.check("type", "t".repeat(65)));
  }
}
