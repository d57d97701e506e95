package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.api.Problem;
import dev.herald.config.HeraldConfig;
import dev.herald.testing.ServletFakes;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  private final AtomicLong clock = new AtomicLong();

  @Test
  void aBurstPassesThenTheRateWithTheWaitNamedInSeconds() {
    RateLimit limit = new RateLimit(2, 4, clock::get);
    for (int i = 0; i < 4; i++) assertEquals(0, limit.take("a", 1));
    assertEquals(1, limit.take("a", 1));
    assertEquals(0, limit.take("b", 4), "another client has a bucket of its own");
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
    assertEquals(0, limit.take("a", 1));
    assertEquals(2, limit.take("a", 4), "4 more need 2 s at 2/s");
    clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertEquals(0, limit.take("a", 4));
  }

  @Test
  void refilledBucketsAreDropped() {
    RateLimit limit = new RateLimit(10, 10, clock::get);
    for (int i = 0; i < 2000; i++) limit.take("client-" + i, 1);
    clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
    for (int i = 0; i < 1024; i++) limit.take("again", 0);
    assertTrue(limit.clients() < 10, "buckets: " + limit.clients());
  }

  @Test
  void aBatchOverTheBurstIsABadRequestAndOtherwiseACostPerEvent() {
    Rates rates =
        Rateses.of(
            HeraldConfig.of(Map.of("herald.publish.rate", "5", "herald.publish.burst", "10")));
    var request = ServletFakes.request("203.0.113.7", Map.of(), null);
    Problem over =
        org.junit.jupiter.api.Assertions.assertThrows(
            Problem.class, () -> rates.publish(request, 11));
    assertEquals(400, over.status());
    assertTrue(over.type().endsWith("/batch-over-burst"));
    rates.publish(request, 10);
    Problem limited =
        org.junit.jupiter.api.Assertions.assertThrows(
            Problem.class, () -> rates.publish(request, 1));
    assertEquals(429, limited.status());
    assertTrue(limited.retryAfterSeconds() >= 1);
    // Off by default.
    Rates off = Rateses.of(HeraldConfig.of(Map.of()));
    for (int i = 0; i < 10_000; i++) off.publish(request, 1000);
  }
}
