package dev.herald.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The one way tests wait for a condition they cannot be told about: check, park, check again, and
 * fail after the timeout. Never a spin, never a fixed sleep standing in for the condition.
 */
public final class Await {
  private static final Duration PAUSE = Duration.ofMillis(5);

  private Await() {}

  /** Waits for a cheap in-process condition. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    polling(what, timeout, PAUSE, condition);
  }

  /**
   * Waits for a condition that costs something to check (an HTTP call, a log file), every {@code
   * every}.
   */
  public static void polling(
      String what, Duration timeout, Duration every, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(every.toNanos());
      if (Thread.interrupted()) throw new IllegalStateException("interrupted waiting for " + what);
    }
  }

  /** Parks until {@code deadlineNanos} ({@link System#nanoTime}): for pacing, not for waiting. */
  public static void until(long deadlineNanos) {
    for (long left = deadlineNanos - System.nanoTime();
        left > 0;
        left = deadlineNanos - System.nanoTime()) {
      LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
    }
  }
}
