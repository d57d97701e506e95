package dev.herald.bench;

import java.util.function.BooleanSupplier;

/**
 * Bounded waits for what the harness can only poll: counts kept by its selector threads or by the
 * server under test.
 */
final class Waits {
  private Waits() {}

  /** The {@link System#nanoTime()} this many seconds from now. */
  static long deadline(double seconds) {
    return System.nanoTime() + (long) (seconds * 1e9);
  }

  /**
   * Looks every {@code pollMillis} until {@code done} or the deadline; says whether it was done.
   */
  static boolean until(BooleanSupplier done, long deadlineNanos, long pollMillis)
      throws InterruptedException {
    while (!done.getAsBoolean()) {
      if (System.nanoTime() >= deadlineNanos) return false;
      Thread.sleep(pollMillis);
    }
    return true;
  }
}
