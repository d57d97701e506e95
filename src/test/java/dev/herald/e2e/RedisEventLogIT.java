package dev.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.backplane.EventLogs;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Appended;
import dev.herald.hub.Draft;
import dev.herald.hub.Event;
import dev.herald.hub.EventData;
import dev.herald.hub.EventId;
import dev.herald.hub.EventLog;
import dev.herald.hub.History;
import dev.herald.hub.Idempotency;
import dev.herald.hub.IdempotencyConflictException;
import dev.herald.hub.PublishOutcomeUnknownException;
import dev.herald.hub.PublishRefusedException;
import dev.herald.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis log itself against a real {@code redis-server}: atomic batches, idempotency inside the
 * append, retention and {@code truncated}, and each failure answered as the seam promises.
 */
class RedisEventLogIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Event> delivered = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private RedisServer redis(String name) {
    RedisServer r = RedisServer.start(name);
    open.add(r);
    return r;
  }

  private EventLog log(String uri, int maxEvents) {
    HeraldConfig config =
        HeraldConfig.of(
            Map.of(
                "herald.backplane", "redis",
                "herald.redis.uri", uri,
                "herald.redis.timeout", "1s",
                "herald.log.timeout", "2s",
                "herald.history.max-events", String.valueOf(maxEvents)));
    EventLog log = EventLogs.redis(config, Executors.defaultThreadFactory());
    open.add(log);
    log.start(
        events -> {
          synchronized (delivered) {
            delivered.addAll(events);
          }
        });
    Await.until("the reader to connect", WAIT, log::available);
    return log;
  }

  private List<Event> delivered() {
    synchronized (delivered) {
      return List.copyOf(delivered);
    }
  }

  private void awaitDelivered(int n) {
    Await.until(n + " events delivered", WAIT, () -> delivered().size() >= n);
  }

  private static Draft draft(String topic, String data) {
    return new Draft(topic, "t", EventData.json(data));
  }

  private static <T> T done(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  private static Throwable failure(java.util.concurrent.CompletionStage<?> stage) {
    try {
      done(stage);
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void aBatchIsAppendedWholeInOrderAndDeliveredOnce() {
    EventLog log = log(redis("batch").uri(), 100);
    List<Draft> batch = List.of(draft("a", "1"), draft("b", "\"two\""), draft("a", "3"));
    Appended appended = done(log.append(batch, null));
    assertEquals(3, appended.ids().size());
    assertTrue(appended.ids().get(0).isBefore(appended.ids().get(1)));
    assertTrue(appended.ids().get(1).isBefore(appended.ids().get(2)));
    awaitDelivered(3);
    assertEquals(appended.ids(), delivered().stream().map(Event::id).toList());
    assertEquals("\"two\"", delivered().get(1).data().text());

    History history = done(log.read(EventId.ZERO, Set.of("a")));
    assertEquals(List.of("1", "3"), history.events().stream().map(e -> e.data().text()).toList());
    assertEquals(appended.ids().get(2), history.newest());
    assertFalse(history.truncated());
  }

  @Test
  void anIdempotencyKeyIsCheckedInsideTheAppend() {
    EventLog log = log(redis("idempotency").uri(), 100);
    List<Draft> batch = List.of(draft("a", "1"), draft("a", "2"));
    Appended first = done(log.append(batch, Idempotency.of("k-1", batch)));
    Appended again = done(log.append(batch, Idempotency.of("k-1", batch)));
    assertTrue(again.repeated());
    assertEquals(first.ids(), again.ids());
    List<Draft> other = List.of(draft("a", "3"));
    assertInstanceOf(
        IdempotencyConflictException.class,
        failure(log.append(other, Idempotency.of("k-1", other))));
    awaitDelivered(2);
    Appended later = done(log.append(other, null));
    awaitDelivered(3);
    assertEquals(later.ids().get(0), delivered().get(2).id(), "the repeat published nothing");
  }

  @Test
  void liveOnlyEventsAreDeliveredButNeverReplayed() {
    EventLog log = log(redis("live-only").uri(), 100);
    Draft stats = new Draft("herald/stats", "stats", EventData.json("{}"), null, false);
    done(log.append(List.of(stats, draft("a", "1")), null));
    awaitDelivered(2);
    History history = done(log.read(EventId.ZERO, Set.of("herald/stats", "a")));
    assertEquals(List.of("a"), history.events().stream().map(Event::topic).toList());
  }

  @Test
  void retentionTrimsByCountAndACursorBeforeItIsTruncated() {
    EventLog log = log(redis("retention").uri(), 8);
    EventId first = null;
    for (int i = 0; i < 40; i++) {
      EventId id = done(log.append(List.of(draft("a", String.valueOf(i))), null)).ids().get(0);
      if (first == null) first = id;
    }
    History history = done(log.read(first, Set.of("a")));
    assertTrue(history.truncated());
    assertTrue(history.oldest().isAfter(first));
    assertTrue(history.events().size() < 39, history.events().size() + " events kept");
    History recent = done(log.read(history.oldest(), Set.of("a")));
    assertFalse(recent.truncated());
  }

  @Test
  void aPausedRedisRefusesInTimeAndNeverWritesLater() throws Exception {
    RedisServer redis = redis("paused");
    EventLog log = log(redis.uri(), 100);
    EventId before = done(log.append(List.of(draft("a", "0")), null)).ids().get(0);
    awaitDelivered(1);
    redis.pause();
    long asked = System.nanoTime();
    Throwable refused = failure(log.append(List.of(draft("a", "refused")), null));
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
    assertEquals(PublishRefusedException.class, refused.getClass(), refused.toString());
    assertTrue(took < 1500, "answered after " + took + " ms, herald.redis.timeout is 1 s");
    Await.until("readiness to see Redis down", WAIT, () -> !log.available());
    redis.resume();
    // The sent command runs now, after its deadline: it must refuse itself.
    EventId after = done(log.append(List.of(draft("a", "after")), null)).ids().get(0);
    awaitDelivered(2);
    History history = done(log.read(before, Set.of("a")));
    assertEquals(List.of(after), history.events().stream().map(Event::id).toList());
    assertEquals(List.of("0", "after"), delivered().stream().map(e -> e.data().text()).toList());
  }

  @Test
  void aConnectionCutAfterRedisRanTheAppendIsAnUnknownOutcome() throws Exception {
    RedisServer redis = redis("cut");
    DroppingProxy proxy = new DroppingProxy(redis.port());
    open.add(proxy);
    EventLog log = log("redis://127.0.0.1:" + proxy.port(), 100);
    proxy.arm("\r\nok\r\n");
    Throwable unknown = failure(log.append(List.of(draft("a", "maybe")), null));
    assertInstanceOf(PublishOutcomeUnknownException.class, unknown);
    // It was written: every instance delivers it, once.
    awaitDelivered(1);
    assertEquals("maybe", delivered().get(0).data().text());
    done(log.append(List.of(draft("a", "next")), null));
    awaitDelivered(2);
    assertEquals(List.of("maybe", "next"), delivered().stream().map(e -> e.data().text()).toList());
  }

  @Test
  void aRestartedRedisIsReadOnFromTheLastIdExactlyOnce() throws Exception {
    RedisServer redis = redis("restart");
    EventLog log = log(redis.uri(), 100);
    done(log.append(List.of(draft("a", "1"), draft("a", "2")), null));
    awaitDelivered(2);
    redis.kill();
    Throwable down = failure(log.append(List.of(draft("a", "down")), null));
    assertInstanceOf(PublishRefusedException.class, down);
    Await.until("readiness to see Redis down", WAIT, () -> !log.available());
    redis.restart();
    Await.until("the reader to reconnect", WAIT, log::available);
    done(log.append(List.of(draft("a", "3")), null));
    awaitDelivered(3);
    History history = done(log.read(EventId.ZERO, Set.of("a")));
    List<String> kept = history.events().stream().map(e -> e.data().text()).toList();
    assertEquals(List.of("1", "2", "3"), kept, "the append-only file kept what was acknowledged");
    assertEquals(kept, delivered().stream().map(e -> e.data().text()).toList());
  }
}
