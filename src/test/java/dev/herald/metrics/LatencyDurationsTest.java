package dev.herald.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyDurationsTest {
  @Test
  void answersEveryMillisecondCountExactly() {
    for (long ms : new long[] {1, 2, 999, 4095, 4096, 86_400_000}) {
      assertEquals(Duration.ofMillis(ms), LatencyDurations.of(ms), ms + " ms");
    }
  }

  @Test
  void reusesTheTableBelowFourSecondsAndClampsNegatives() {
    assertSame(LatencyDurations.of(250), LatencyDurations.of(250));
    assertEquals(Duration.ZERO, LatencyDurations.of(0));
    assertEquals(Duration.ZERO, LatencyDurations.of(-5));
  }
}
