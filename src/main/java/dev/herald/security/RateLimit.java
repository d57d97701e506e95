package dev.herald.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: {@code rate} per second, up to {@code burst} at once. Buckets that
 * have refilled are dropped now and then, so clients that come once cost nothing for long.
 */
final class RateLimit {
  private static final int PURGE_EVERY = 1024;

  private final double perNano;
  private final int burst;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  /**
   * @param rate per second, above zero
   * @param burst at most this many at once, at least one
   */
  RateLimit(int rate, int burst, LongSupplier nanos) {
    this.perNano = rate / (double) TimeUnit.SECONDS.toNanos(1);
    this.burst = burst;
    this.nanos = nanos;
  }

  int burst() {
    return burst;
  }

  /**
   * Takes {@code n} for the client.
   *
   * @return 0 when taken; else the whole seconds until they would be there (nothing is taken)
   */
  long take(String client, int n) {
    if (calls.incrementAndGet() % PURGE_EVERY == 0) purge();
    long now = nanos.getAsLong();
    Bucket b = buckets.computeIfAbsent(client, k -> new Bucket(burst, now));
    synchronized (b) {
      refill(b, now);
      if (b.tokens >= n) {
        b.tokens -= n;
        return 0;
      }
      double missing = n - b.tokens;
      return Math.max(1, (long) Math.ceil(missing / perNano / TimeUnit.SECONDS.toNanos(1)));
    }
  }

  private void refill(Bucket b, long now) {
    b.tokens = Math.min(burst, b.tokens + (now - b.at) * perNano);
    b.at = now;
  }

  /** Full buckets say nothing a new one would not. */
  private void purge() {
    long now = nanos.getAsLong();
    buckets
        .entrySet()
        .removeIf(
            e -> {
              synchronized (e.getValue()) {
                refill(e.getValue(), now);
                return e.getValue().tokens >= burst;
              }
            });
  }

  /** Clients with a bucket now; for tests that check buckets do not pile up. */
  int clients() {
    return buckets.size();
  }
}
