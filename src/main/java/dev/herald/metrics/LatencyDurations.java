package dev.herald.metrics;

import java.time.Duration;

/**
 * The latency timer takes a {@link Duration}, and it is fed once per batch every stream writes: one
 * allocation per delivery at low load. Latencies under a few seconds, nearly all of them, are
 * answered from a table made once.
 */
final class LatencyDurations {
  private static final Duration[] MILLIS = new Duration[4096];

  static {
    for (int i = 0; i < MILLIS.length; i++) MILLIS[i] = Duration.ofMillis(i);
  }

  private LatencyDurations() {}

  /** The duration of this many milliseconds; a negative one (a clock stepped back) is zero. */
  static Duration of(long millis) {
    if (millis <= 0) return Duration.ZERO;
    return millis < MILLIS.length ? MILLIS[(int) millis] : Duration.ofMillis(millis);
  }
}
