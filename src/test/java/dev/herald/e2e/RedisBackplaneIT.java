package dev.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.EventId;
import dev.herald.testing.Await;
import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.SseEvent;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Herald servers and one real Redis, behaving as one hub: one order everywhere, a cursor from
 * one resumed on the other, and every accepted event delivered exactly once through Redis being
 * killed, paused and an instance being restarted.
 */
class RedisBackplaneIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static RedisServer redis;
  private static HeraldServer a;
  private static HeraldServer b;

  @BeforeAll
  static void start() {
    redis = RedisServer.start("backplane");
    a = instance("e2e-redis-a");
    b = instance("e2e-redis-b");
  }

  private static HeraldServer instance(String name) {
    return HeraldServer.create(
            name,
            Map.of(
                "HERALD_BACKPLANE", "redis",
                "HERALD_REDIS_URI", redis.uri(),
                "HERALD_STREAM_HEARTBEAT", "1s",
                "HERALD_STATS_INTERVAL", "1s",
                "HERALD_SHUTDOWN_DRAIN", "1s"))
        .start();
  }

  @AfterAll
  static void stop() {
    if (a != null) a.close();
    if (b != null) b.close();
    if (redis != null) redis.close();
  }

  private static String topic() {
    return "redis/" + UUID.randomUUID();
  }

  private static List<SseEvent> live(RawStream s) {
    return s.events().stream().filter(e -> !e.type().equals("connected")).toList();
  }

  private static List<SseEvent> awaitLive(RawStream s, int n) throws InterruptedException {
    s.await(e -> e.stream().filter(x -> !x.type().equals("connected")).count() >= n, WAIT);
    return live(s);
  }

  @Test
  void eventsPublishedOnEitherInstanceReachBothInOneOrder() throws Exception {
    String topic = topic();
    try (RawStream onA = RawStream.open(a.uri("/sse/" + topic));
        RawStream onB = RawStream.open(b.uri("/sse/" + topic))) {
      onA.awaitCount(1, WAIT);
      onB.awaitCount(1, WAIT);
      for (int i = 0; i < 20; i++) Http.publish(i % 2 == 0 ? a : b, topic, "n", String.valueOf(i));
      List<SseEvent> seenA = awaitLive(onA, 20);
      List<SseEvent> seenB = awaitLive(onB, 20);
      assertEquals(seenA, seenB);
      assertEquals(20, seenA.stream().map(SseEvent::data).distinct().count());
      for (int i = 1; i < seenA.size(); i++) {
        EventId previous = EventId.parse(seenA.get(i - 1).lastEventId());
        assertTrue(EventId.parse(seenA.get(i).lastEventId()).isAfter(previous));
      }
    }
  }

  @Test
  void aCursorFromOneInstanceResumesOnTheOther() throws Exception {
    String topic = topic();
    String first = Http.publish(a, topic, null, "1");
    Http.publish(a, topic, null, "2");
    Http.publish(b, topic, null, "3");
    try (RawStream onB = RawStream.open(b.uri("/sse/" + topic), Map.of("Last-Event-ID", first))) {
      List<SseEvent> replayed = awaitLive(onB, 2);
      assertEquals(List.of("2", "3"), replayed.stream().map(SseEvent::data).toList());
      assertFalse(onB.events().stream().anyMatch(e -> e.type().equals("gap")));
    }
  }

  @Test
  void eachInstancePublishesItsStatsToTheSharedTopic() throws Exception {
    try (RawStream stats = RawStream.open(a.uri("/sse/herald/stats"))) {
      Set<String> instances = new HashSet<>();
      stats.await(
          events -> {
            for (SseEvent e : events) {
              if (e.type().equals("stats"))
                instances.add(Http.json(e.data()).getString("instance"));
            }
            return instances.size() >= 2;
          },
          WAIT);
    }
  }

  @Test
  void redisKilledAndRestartedLosesNothingAccepted() throws Exception {
    everyAcceptedEventArrivesOnceThrough(
        () -> {
          try {
            redis.kill();
            return () -> {
              try {
                redis.restart();
              } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
              }
            };
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void redisPausedAndResumedLosesNothingAccepted() throws Exception {
    everyAcceptedEventArrivesOnceThrough(
        () -> {
          redis.pause();
          return redis::resume;
        });
  }

  /**
   * Publishes continuously to both instances, each event retried (same Idempotency-Key) until
   * accepted, while {@code outage} takes Redis away for three seconds; both subscribers must end
   * with exactly the accepted events, in order, their streams kept open by heartbeats.
   */
  private void everyAcceptedEventArrivesOnceThrough(Supplier<Runnable> outage) throws Exception {
    String topic = topic();
    try (RawStream onA = RawStream.open(a.uri("/sse/" + topic));
        RawStream onB = RawStream.open(b.uri("/sse/" + topic))) {
      onA.awaitCount(1, WAIT);
      onB.awaitCount(1, WAIT);
      List<String> accepted = new ArrayList<>();
      int refusals = 0;
      boolean sawNotReady = false;
      for (int i = 0; i < 10; i++) accepted.add(publishUntilAccepted(i, topic, String.valueOf(i)));
      Runnable recover = outage.get();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      int next = 10;
      while (System.nanoTime() < end) {
        HttpResponse<String> r = publish(next, topic, String.valueOf(next));
        if (r != null && (r.statusCode() == 201 || r.statusCode() == 200)) {
          accepted.add(String.valueOf(next));
          next++;
        } else {
          refusals++;
          if (r != null) assertTrue(r.statusCode() == 503 || r.statusCode() == 504, r.body());
        }
        HttpResponse<String> ready = Http.get(a.uri("/health/ready"));
        if (!sawNotReady && ready.statusCode() == 503) {
          sawNotReady = true;
          assertTrue(ready.body().contains("event log unavailable"), ready.body());
          // With no history to start from, a new stream is refused at once, with a reason.
          try (RawStream refused = RawStream.open(a.uri("/sse/" + topic))) {
            assertEquals(503, refused.status());
            assertTrue(refused.errorBody(WAIT).contains("log-unavailable"));
          }
        }
        Await.until(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
      }
      recover.run();
      // The event refused last is retried until accepted, then ten more.
      accepted.add(publishUntilAccepted(next, topic, String.valueOf(next)));
      for (int i = next + 1; i < next + 11; i++) {
        accepted.add(publishUntilAccepted(i, topic, String.valueOf(i)));
      }
      assertTrue(refusals > 0, "Redis's outage refused nothing");
      assertTrue(sawNotReady, "readiness stayed UP while Redis was away");
      for (RawStream s : List.of(onA, onB)) {
        List<String> seen = awaitLive(s, accepted.size()).stream().map(SseEvent::data).toList();
        assertEquals(Set.copyOf(accepted), Set.copyOf(seen), "accepted vs delivered");
        assertEquals(accepted.size(), seen.size(), "an event was delivered twice: " + seen);
        assertTrue(s.body().contains(": hb"), "no heartbeats");
        assertFalse(s.awaitEnd(Duration.ZERO), "the stream ended during the outage");
      }
      assertEquals(live(onA), live(onB), "the instances delivered in different orders");
    }
  }

  /** Retries with the same key until Redis takes it: published exactly once. */
  private static String publishUntilAccepted(int n, String topic, String data) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = publish(n, topic, data);
      if (r != null && (r.statusCode() == 201 || r.statusCode() == 200)) return data;
      Await.until(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new AssertionError("event " + n + " never accepted");
  }

  /**
   * One attempt, alternating instances, keyed by topic and number; {@code null} when the request
   * failed outright.
   */
  private static HttpResponse<String> publish(int n, String topic, String data) {
    HeraldServer target = n % 2 == 0 ? a : b;
    try {
      return Http.send(
          HttpRequest.newBuilder(target.uri("/api/topics/" + topic + "/events"))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", topic.replace('/', '.') + "." + n)
              .POST(HttpRequest.BodyPublishers.ofString("{\"data\":" + data + "}"))
              .build());
    } catch (UncheckedIOException e) {
      return null;
    }
  }

  @Test
  void aRestartedInstanceLosesItsSubscribersNothing() throws Exception {
    String topic = topic();
    String last;
    try (RawStream onA = RawStream.open(a.uri("/sse/" + topic))) {
      onA.awaitCount(1, WAIT);
      Http.publish(b, topic, null, "1");
      Http.publish(b, topic, null, "2");
      last = awaitLive(onA, 2).get(1).lastEventId();
      ProcessHandle process = a.process();
      assertTrue(process.destroy(), "SIGTERM not delivered");
      assertTrue(onA.awaitEnd(WAIT), "the drain did not end the stream");
      process.onExit().get(60, TimeUnit.SECONDS);
    }
    Http.publish(b, topic, null, "3");
    Http.publish(b, topic, null, "4");
    try (RawStream onB = RawStream.open(b.uri("/sse/" + topic), Map.of("Last-Event-ID", last))) {
      assertEquals(List.of("3", "4"), awaitLive(onB, 2).stream().map(SseEvent::data).toList());
    }
    a.start();
    try (RawStream backOnA =
        RawStream.open(a.uri("/sse/" + topic), Map.of("Last-Event-ID", last))) {
      assertEquals(List.of("3", "4"), awaitLive(backOnA, 2).stream().map(SseEvent::data).toList());
      Http.publish(a, topic, null, "5");
      assertEquals("5", awaitLive(backOnA, 3).get(2).data());
    }
  }
}
