package dev.herald.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicNamesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"a", "orders/42", "a.b", "~x", "-", "_", "a/b/c/d/e/f/g/h", "x..y", "A-Z_0.9~"})
  void valid(String topic) {
    assertEquals(topic, TopicNames.check("topic", topic));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/",
        "a/",
        "/a",
        "a//b",
        ".",
        "..",
        "a/./b",
        "a/../b",
        ".hidden",
        "a b",
        "a?b",
        "é",
        "a/b/c/d/e/f/g/h/i",
        "a%2Fb"
      })
  void invalid(String topic) {
    Problem p = assertThrows(Problem.class, () -> TopicNames.check("topic", topic));
    assertEquals(400, p.status());
    assertTrue(p.detail().startsWith("topic"), p.detail());
  }

  @Test
  void segmentAndTotalLengthLimits() {
    String seg64 = "s".repeat(64);
    assertEquals(seg64, TopicNames.check("topic", seg64));
    assertThrows(Problem.class, () -> TopicNames.check("topic", seg64 + "s"));
    String t256 = String.join("/", seg64, seg64, seg64, "s".repeat(61)); // 64*3+3+61 = 256
    assertEquals(256, t256.length());
    assertEquals(t256, TopicNames.check("topic", t256));
    assertThrows(Problem.class, () -> TopicNames.check("topic", t256 + "s"));
  }

  @Test
  void pathSegmentsAreDecodedOneByOne() {
    assertEquals("a.b/c", TopicNames.fromPath("a%2Eb/c"));
    assertThrows(Problem.class, () -> TopicNames.fromPath("a%2Fb"));
    assertThrows(Problem.class, () -> TopicNames.fromPath("a%2fb"));
    assertThrows(Problem.class, () -> TopicNames.fromPath("a%2"));
    assertThrows(Problem.class, () -> TopicNames.fromPath("a%zz"));
    assertThrows(Problem.class, () -> TopicNames.fromPath("%2E%2E"));
    assertThrows(Problem.class, () -> TopicNames.fromPath("caf%C3%A9"));
  }

  @Test
  void heraldFeedsAreReserved() {
    assertTrue(TopicNames.isReserved("herald/stats"));
    assertFalse(TopicNames.isReserved("heraldic"));
  }
}
