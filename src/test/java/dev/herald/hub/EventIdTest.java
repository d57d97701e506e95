package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdTest {
  @Test
  void parsesAndPrints() {
    assertEquals(new EventId(1700000000000L, 3), EventId.parse("1700000000000-3"));
    assertEquals("12-0", new EventId(12, 0).toString());
    assertEquals(EventId.ZERO, EventId.parse("0-0"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-",
        "1-",
        "-1",
        "1",
        "a-1",
        "1-a",
        "1-2-3",
        "+1-2",
        "1- 2",
        "1-２",
        "99999999999999999999-0"
      })
  void malformedIsNull(String text) {
    assertNull(EventId.parse(text));
  }

  @Test
  void comparesAsIntegersNotText() {
    assertTrue(EventId.parse("10-0").isAfter(EventId.parse("9-5")));
    assertTrue(EventId.parse("9-10").isAfter(EventId.parse("9-9")));
    List<EventId> ids =
        new ArrayList<>(
            List.of(EventId.parse("100-0"), EventId.parse("20-1"), EventId.parse("20-0")));
    Collections.sort(ids);
    assertEquals(
        List.of(EventId.parse("20-0"), EventId.parse("20-1"), EventId.parse("100-0")), ids);
  }

  @Test
  void nextNeverGoesBackwards() {
    EventId id = new EventId(1000, 0);
    assertEquals(new EventId(1000, 1), id.next(1000));
    assertEquals(new EventId(1000, 1), id.next(400)); // the clock stepped back
    assertEquals(new EventId(1001, 0), id.next(1001));
  }
}
