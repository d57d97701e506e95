package dev.herald.api;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The {@code Retry-After} Herald sends when it turns a client away for now. */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * Between one and two times the base, in whole seconds, so refused clients do not return
   * together.
   */
  public static long seconds(Duration base) {
    long b = Math.max(1, base.toSeconds());
    return b + ThreadLocalRandom.current().nextLong(b + 1);
  }
}
