package dev.herald.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition by parking between checks, never spinning; fails after the timeout. */
public final class Await {
  private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting: " + what);
      LockSupport.parkNanos(PAUSE_NANOS);
    }
  }
}
