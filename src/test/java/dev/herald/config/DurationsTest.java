package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @Test
  void unitsAndIso() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(15), Durations.parse("15s"));
    assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
    assertEquals(Duration.ofHours(1), Durations.parse("1h"));
    assertEquals(Duration.ofSeconds(15), Durations.parse("PT15S"));
    assertEquals(Duration.ofSeconds(15), Durations.parse(" 15s "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"15", "", "s", "1.5s", "-1s", "15 s", "1d", "PT", "abc"})
  void withoutAUnitOrMalformedIsRefused(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertEquals(true, e.getMessage().contains("500ms, 15s, 2m, 1h or PT15S"));
  }

  @Test
  void formatReadsBack() {
    for (String s : new String[] {"500ms", "15s", "2m", "1h", "0s"}) {
      assertEquals(s, Durations.format(Durations.parse(s)));
    }
  }
}
