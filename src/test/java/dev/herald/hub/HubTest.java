package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.testing.Await;
import dev.herald.testing.RecordingWire;
import dev.herald.testing.SseEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HubTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private Hub hub = hub(Map.of());

  private static Hub hub(Map<String, String> settings) {
    HeraldConfig config = HeraldConfig.of(settings);
    return Hub.start(
        config,
        new MemoryEventLog(
            config.historyMaxEvents(),
            config.historyMaxBytes(),
            3_600_000,
            System::currentTimeMillis),
        Executors.defaultThreadFactory());
  }

  private static Hub hub(Map<String, String> settings, EventLog log) {
    return Hub.start(HeraldConfig.of(settings), log, Executors.defaultThreadFactory());
  }

  private void replace(Hub next) {
    hub.close(1000);
    hub = next;
  }

  @AfterEach
  void close() {
    hub.close(1000);
  }

  private List<String> publish(String topic, int n) {
    List<Draft> drafts = new ArrayList<>();
    for (int i = 0; i < n; i++) drafts.add(new Draft(topic, "message", EventData.text(topic + i)));
    return hub.publish(drafts, null).ids().stream().map(EventId::toString).toList();
  }

  /** As every endpoint opens a stream: a place first, then the stream on it. */
  private Subscriber subscribe(Set<String> topics, String cursor, String client, Wire wire) {
    return hub.open(topics, cursor, hub.admit(client), wire);
  }

  private static List<String> dataOf(List<SseEvent> events) {
    return events.stream().filter(e -> e.type().equals("message")).map(SseEvent::data).toList();
  }

  @Test
  void openingCarriesTheNewestIdWhenNoCursorIsGiven() throws Exception {
    List<String> ids = publish("a", 2);
    RecordingWire wire = new RecordingWire();
    subscribe(Set.of("a"), null, "client", wire);
    SseEvent connected = wire.await(e -> !e.isEmpty(), WAIT).get(0);
    assertEquals("connected", connected.type());
    assertEquals(ids.get(1), connected.lastEventId());
    assertTrue(connected.data().contains("\"lastEventId\":\"" + ids.get(1) + "\""));
    assertEquals(3000, wire.parser.retry());
    publish("a", 1);
    assertEquals(List.of("a0"), dataOf(wire.await(e -> e.size() == 2, WAIT)));
  }

  @Test
  void anEmptyLogResumesFromItsStartWithoutAGap() throws Exception {
    long before = System.currentTimeMillis();
    replace(hub(Map.of("herald.stream.heartbeat", "10s")));
    RecordingWire first = new RecordingWire();
    subscribe(Set.of("a"), null, "client", first);
    SseEvent connected = first.await(e -> !e.isEmpty(), WAIT).get(0);
    EventId start = EventId.parse(connected.lastEventId());
    assertEquals(0, start.seq());
    assertTrue(start.millis() >= before, connected.lastEventId());
    assertTrue(connected.data().contains("\"heartbeat\":10,"), connected.data());
    String live = publish("a", 1).get(0);
    RecordingWire again = new RecordingWire();
    subscribe(Set.of("a"), connected.lastEventId(), "client", again);
    List<SseEvent> got = again.await(e -> e.size() == 2, WAIT);
    assertEquals(List.of("a0"), dataOf(got));
    assertEquals(live, got.get(1).lastEventId());
  }

  @Test
  void replaysFromTheCursorThenGoesLiveWithoutGapOrDuplicate() throws Exception {
    List<String> ids = publish("a", 5);
    RecordingWire wire = new RecordingWire();
    Thread publisher =
        new Thread(
            () -> {
              for (int i = 0; i < 500; i++) {
                hub.publish(List.of(new Draft("a", "message", EventData.text("live" + i))), null);
              }
            });
    publisher.start();
    subscribe(Set.of("a"), ids.get(1), "client", wire);
    publisher.join();
    List<SseEvent> got = wire.await(e -> e.size() == 1 + 3 + 500, WAIT);
    List<String> expected = new ArrayList<>(List.of("a2", "a3", "a4"));
    for (int i = 0; i < 500; i++) expected.add("live" + i);
    assertEquals(expected, dataOf(got));
    assertEquals(ids.get(1), got.get(0).lastEventId());
    for (int i = 2; i < got.size(); i++) {
      assertTrue(
          EventId.parse(got.get(i).lastEventId())
              .isAfter(EventId.parse(got.get(i - 1).lastEventId())));
    }
  }

  @Test
  void joinsHistoryToLiveEventsByIdWhateverOrderTheyArriveIn() throws Exception {
    ControlledLog log = new ControlledLog(100);
    replace(hub(Map.of(), log));
    Set<String> ab = new LinkedHashSet<>(List.of("a", "b"));
    String cursor = publish("a", 1).get(0);
    // A remote log's reader is running late: these two are stored, not yet handed on.
    log.lagging = true;
    publish("a", 2);
    RecordingWire wire = new RecordingWire();
    subscribe(ab, cursor, "client", wire);
    assertEquals(List.of("a0", "a1"), dataOf(wire.await(e -> e.size() == 3, WAIT)));
    // The reader catches up with events the stream already replayed: they must not come twice.
    log.catchUp();
    // An event that arrives live while a second stream reads its history is held, then joined on.
    log.duringRead =
        () -> {
          log.duringRead = () -> {};
          publish("b", 1);
        };
    RecordingWire second = new RecordingWire();
    subscribe(ab, cursor, "client", second);
    assertEquals(List.of("a0", "a1", "b0"), dataOf(second.await(e -> e.size() == 4, WAIT)));
    publish("a", 1);
    List<String> expected = List.of("a0", "a1", "b0", "a0");
    assertEquals(expected, dataOf(second.await(e -> e.size() == 5, WAIT)));
    assertEquals(expected, dataOf(wire.await(e -> e.size() == 5, WAIT)));
  }

  @Test
  void aBlockedLogDelaysNeitherHeartbeatsNorNewStreams() throws Exception {
    ControlledLog log = new ControlledLog(100);
    replace(hub(Map.of("herald.stream.heartbeat", "50ms", "herald.log.timeout", "30s"), log));
    RecordingWire watching = new RecordingWire();
    subscribe(Set.of("a"), null, "client", watching);
    watching.await(e -> e.size() == 1, WAIT);
    log.appendGate = new CountDownLatch(1);
    CompletableFuture<Appended> blocked =
        CompletableFuture.supplyAsync(
            () -> hub.publish(List.of(new Draft("a", "message", EventData.text("late"))), null));
    assertTrue(log.appendEntered.await(10, TimeUnit.SECONDS));
    // While the publish is stuck in the log: a sweep writes a heartbeat, and a new stream opens.
    Await.until(
        "a heartbeat",
        WAIT,
        () -> {
          hub.sweep();
          return watching.parser.comments() > 0;
        });
    RecordingWire joining = new RecordingWire();
    subscribe(Set.of("a"), null, "client", joining);
    assertEquals("connected", joining.await(e -> e.size() == 1, WAIT).get(0).type());
    assertFalse(blocked.isDone());
    log.appendGate.countDown();
    assertFalse(blocked.get(10, TimeUnit.SECONDS).repeated());
    assertEquals(List.of("late"), dataOf(watching.await(e -> e.size() == 2, WAIT)));
    assertEquals(List.of("late"), dataOf(joining.await(e -> e.size() == 2, WAIT)));
  }

  @Test
  void aRefusingLogPublishesNothing() throws Exception {
    ControlledLog log = new ControlledLog(100);
    replace(hub(Map.of(), log));
    RecordingWire wire = new RecordingWire();
    subscribe(Set.of("a"), null, "client", wire);
    wire.await(e -> e.size() == 1, WAIT);
    log.mode = ControlledLog.Mode.REFUSE;
    PublishRefusedException refused =
        assertThrows(PublishRefusedException.class, () -> publish("a", 1));
    assertFalse(refused instanceof PublishOutcomeUnknownException);
    assertFalse(hub.logAvailable());
    // No history to start from: a new stream is refused before anything is written.
    Refusal noLog = assertThrows(Refusal.class, () -> hub.admit("another"));
    assertEquals(Refusal.Reason.LOG_UNAVAILABLE, noLog.reason());
    assertEquals(1, hub.connections());
    log.mode = ControlledLog.Mode.NORMAL;
    publish("b", 1); // the next accepted event shows nothing was left behind
    RecordingWire after = new RecordingWire();
    subscribe(Set.of("a", "b"), wire.events().get(0).lastEventId(), "client", after);
    assertEquals(List.of("b0"), dataOf(after.await(e -> e.size() == 2, WAIT)));
    assertEquals(1, hub.counters().published());
    assertEquals(List.of(), dataOf(wire.events()));
  }

  @Test
  void aLogThatDoesNotAnswerInTimeLeavesTheOutcomeUnknown() {
    ControlledLog log = new ControlledLog(100);
    replace(hub(Map.of("herald.log.timeout", "100ms"), log));
    log.mode = ControlledLog.Mode.HANG;
    assertThrows(PublishOutcomeUnknownException.class, () -> publish("a", 1));
  }

  @Test
  void aRepeatedIdempotencyKeyAnswersTheFirstIdsAndDeliversOnce() throws Exception {
    RecordingWire wire = new RecordingWire();
    subscribe(Set.of("a"), null, "client", wire);
    List<Draft> drafts =
        List.of(
            new Draft("a", "message", EventData.text("one")),
            new Draft("a", "message", EventData.json("{\"n\":2}")));
    Appended first = hub.publish(drafts, "key-1");
    Appended again = hub.publish(drafts, "key-1");
    assertFalse(first.repeated());
    assertTrue(again.repeated());
    assertEquals(first.ids(), again.ids());
    List<Draft> other = List.of(new Draft("a", "message", EventData.text("other")));
    assertThrows(IdempotencyConflictException.class, () -> hub.publish(other, "key-1"));
    publish("a", 1);
    assertEquals(List.of("one", "{\"n\":2}", "a0"), dataOf(wire.await(e -> e.size() == 4, WAIT)));
    assertEquals(3, hub.counters().published());
  }

  @Test
  void oneCursorResumesSeveralTopicsInHubOrder() throws Exception {
    publish("a", 1);
    String cursor = publish("b", 1).get(0);
    publish("c", 1);
    publish("b", 1);
    publish("a", 1);
    RecordingWire wire = new RecordingWire();
    subscribe(new LinkedHashSet<>(List.of("a", "b")), cursor, "client", wire);
    assertEquals(List.of("b0", "a0"), dataOf(wire.await(e -> e.size() == 3, WAIT)));
  }

  @Test
  void malformedOrFutureCursorGetsAnUnknownGapAndNoReplay() throws Exception {
    String newest = publish("a", 3).get(2);
    for (String cursor : List.of("nonsense", "99999999999999-0")) {
      RecordingWire wire = new RecordingWire();
      subscribe(Set.of("a"), cursor, "client", wire);
      List<SseEvent> got = wire.await(e -> e.size() == 2, WAIT);
      assertEquals(newest, got.get(0).lastEventId());
      assertEquals("gap", got.get(1).type());
      assertFalse(got.get(1).hadIdField());
      assertTrue(got.get(1).data().contains("\"reason\":\"unknown\""), got.get(1).data());
      assertTrue(got.get(1).data().contains("\"requested\":\"" + cursor + "\""));
    }
  }

  @Test
  void cursorOlderThanEvictedHistoryGetsATruncatedGapThenEverythingRetained() throws Exception {
    replace(hub(Map.of("herald.history.max-events", "3")));
    String first = publish("a", 1).get(0);
    List<String> later = publish("a", 4);
    RecordingWire wire = new RecordingWire();
    subscribe(Set.of("a"), first, "client", wire);
    List<SseEvent> got = wire.await(e -> e.size() == 5, WAIT);
    assertEquals("gap", got.get(1).type());
    assertEquals(
        "{\"requested\":\""
            + first
            + "\",\"oldest\":\""
            + later.get(1)
            + "\",\"reason\":\"truncated\"}",
        got.get(1).data());
    assertEquals(List.of("a1", "a2", "a3"), dataOf(got));
    // A cursor at the newest evicted id itself lost nothing.
    RecordingWire exact = new RecordingWire();
    subscribe(Set.of("a"), later.get(0), "client", exact);
    assertEquals(List.of("a1", "a2", "a3"), dataOf(exact.await(e -> e.size() == 4, WAIT)));
    assertTrue(exact.events().stream().noneMatch(e -> e.type().equals("gap")));
  }

  @Test
  void aCursorFromBeforeARestartGetsATruncatedGap() throws Exception {
    String beforeRestart = publish("a", 3).get(0);
    long restartedAt = System.currentTimeMillis();
    Await.until("the clock to move on", WAIT, () -> System.currentTimeMillis() > restartedAt);
    replace(hub(Map.of()));
    String after = publish("a", 1).get(0);
    RecordingWire wire = new RecordingWire();
    subscribe(Set.of("a"), beforeRestart, "client", wire);
    List<SseEvent> got = wire.await(e -> e.size() == 3, WAIT);
    assertEquals("gap", got.get(1).type());
    assertTrue(got.get(1).data().contains("\"reason\":\"truncated\""), got.get(1).data());
    assertEquals(after, got.get(2).lastEventId());
  }

  @Test
  void liveOnlyFeedsAreDeliveredButNeverReplayed() throws Exception {
    RecordingWire live = new RecordingWire();
    subscribe(Set.of("herald/stats"), null, "client", live);
    String cursor = live.await(e -> e.size() == 1, WAIT).get(0).lastEventId();
    hub.publish(
        List.of(new Draft("herald/stats", "stats", EventData.json("{\"n\":1}"), null, false)),
        null);
    assertEquals("{\"n\":1}", live.await(e -> e.size() == 2, WAIT).get(1).data());
    RecordingWire resumed = new RecordingWire();
    subscribe(Set.of("herald/stats"), cursor, "client", resumed);
    publish("x", 1); // an event after it, so the resumed stream would have replayed by now
    resumed.await(e -> e.size() == 1, WAIT);
    hub.close(1000);
    assertTrue(resumed.closed.await(5, TimeUnit.SECONDS));
    assertEquals(List.of("connected"), resumed.events().stream().map(SseEvent::type).toList());
  }

  @Test
  void aSubscriberThatStopsReadingIsDroppedAndOthersGetEverything() throws Exception {
    replace(hub(Map.of("herald.subscriber.buffer", "50")));
    CountDownLatch never = new CountDownLatch(1);
    RecordingWire stalled = new RecordingWire(never);
    RecordingWire healthy = new RecordingWire();
    Subscriber slow = subscribe(Set.of("a"), null, "client", stalled);
    subscribe(Set.of("a"), null, "client", healthy);
    for (int batch = 1; batch <= 10; batch++) {
      publish("a", 20); // each burst fits a healthy queue; together they overflow the stalled one
      int seen = 1 + batch * 20;
      healthy.await(e -> e.size() == seen, WAIT);
    }
    assertEquals(200, dataOf(healthy.events()).size());
    assertEquals("too slow", slow.closeReason());
    assertEquals(1, hub.counters().dropped());
    never.countDown();
    assertTrue(stalled.closed.await(10, TimeUnit.SECONDS));
  }

  @Test
  void moreStreamsWaitingForAWriterThanAnyQueueBoundAreAllServed() throws Exception {
    replace(
        hub(
            Map.of(
                "herald.connections.max", "0",
                "herald.stream.writer-threads", "1",
                "herald.stream.spare-writer-threads", "0")));
    // The one writer is held by a stalled client while 70,000 streams queue up behind it.
    CountDownLatch gate = new CountDownLatch(1);
    RecordingWire blocker = new RecordingWire(gate);
    subscribe(Set.of("block"), null, "client", blocker);
    int n = 70_000;
    List<Subscriber> streams = new ArrayList<>(n);
    List<RecordingWire> wires = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      RecordingWire w = new RecordingWire();
      wires.add(w);
      streams.add(subscribe(Set.of("t" + i % 100), null, "client", w));
    }
    gate.countDown();
    List<Draft> oneEach = new ArrayList<>();
    for (int t = 0; t < 100; t++) oneEach.add(new Draft("t" + t, "message", EventData.text("e")));
    hub.publish(oneEach, null);
    for (RecordingWire w : wires) w.await(e -> e.size() == 2, WAIT);
    for (Subscriber s : streams) assertNull(s.closeReason());
    assertEquals(n + 1, hub.connections());
  }

  @Test
  void idleStreamsGetHeartbeats() throws Exception {
    replace(hub(Map.of("herald.stream.heartbeat", "50ms")));
    RecordingWire wire = new RecordingWire();
    subscribe(Set.of("a"), null, "client", wire);
    Await.until(
        "a heartbeat",
        WAIT,
        () -> {
          hub.sweep();
          return wire.parser.comments() > 0;
        });
  }

  @Test
  void closingEndsEveryStreamAndRefusesNewOnes() throws Exception {
    RecordingWire wire = new RecordingWire();
    subscribe(Set.of("a"), null, "client", wire);
    hub.close(1000);
    assertTrue(wire.closed.await(5, TimeUnit.SECONDS));
    assertEquals(0, hub.connections());
    assertThrows(Refusal.class, () -> subscribe(Set.of("a"), null, "client", new RecordingWire()));
  }

  @Test
  void connectionCountReturnsToZeroAfterConcurrentChurn() throws Exception {
    var pool = Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 500; i++) {
                  RecordingWire w = new RecordingWire();
                  subscribe(Set.of("t" + (i % 7)), null, "client", w).requestClose("done");
                }
                return null;
              }));
    }
    for (var f : done) f.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    Await.until("every stream forgotten", WAIT, () -> hub.connections() == 0);
    assertEquals(List.of(), hub.busiest(10, t -> true));
  }

  @Test
  void stalledWritesGetSpareWritersSoHealthyStreamsKeepFlowing() throws Exception {
    replace(
        hub(
            Map.of(
                "herald.stream.writer-threads", "2",
                "herald.stream.write-stall", "100ms",
                "herald.stream.spare-writer-threads", "4")));
    CountDownLatch gate = new CountDownLatch(1);
    List<Subscriber> stalled = new ArrayList<>();
    for (int i = 0; i < 2; i++)
      stalled.add(subscribe(Set.of("s"), null, "c", new RecordingWire(gate)));
    RecordingWire healthy = new RecordingWire();
    subscribe(Set.of("h"), null, "c", healthy);
    publish("s", 1);
    publish("h", 1);
    // Both writers are blocked; each sweep that finds a write blocked past 100 ms counts it and
    // adds a spare writer thread, without which the healthy stream would wait for ever.
    Await.until(
        "the healthy stream served and both stalled ones dropped",
        WAIT,
        () -> {
          hub.sweep();
          return healthy.events().size() == 2
              && stalled.stream().allMatch(s -> s.closeReason() != null);
        });
    assertEquals(List.of("h0"), dataOf(healthy.events()));
    for (Subscriber s : stalled) assertEquals("stalled", s.closeReason());
    assertEquals(2, hub.counters().dropped());
    gate.countDown();
    Await.until(
        "the stalled streams gone",
        WAIT,
        () -> {
          hub.sweep();
          return hub.connections() == 1;
        });
  }

  @Test
  void streamsEndAtTheirMaximumDuration() throws Exception {
    replace(hub(Map.of("herald.stream.max-duration", "200ms", "herald.stream.heartbeat", "50ms")));
    RecordingWire wire = new RecordingWire();
    long start = System.nanoTime();
    Subscriber s = subscribe(Set.of("a"), null, "c", wire);
    Await.until(
        "the stream to end",
        WAIT,
        () -> {
          hub.sweep();
          return wire.closed.getCount() == 0;
        });
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals("max duration", s.closeReason());
    assertTrue(tookMillis >= 170, "ended after " + tookMillis + " ms, before 85 % of 200 ms");
  }

  @Test
  void aStreamWhoseTokenExpiresGetsReauthAndEnds() throws Exception {
    replace(hub(Map.of("herald.stream.heartbeat", "10s")));
    RecordingWire wire = new RecordingWire();
    Subscriber s =
        hub.open(Set.of("a"), null, hub.admit("c"), wire, System.currentTimeMillis() + 200);
    wire.await(e -> e.size() == 1, WAIT);
    publish("a", 1);
    Await.until(
        "the stream to end",
        WAIT,
        () -> {
          hub.sweep();
          return wire.closed.getCount() == 0;
        });
    List<SseEvent> got = wire.events();
    assertEquals(
        List.of("connected", "message", "reauth"), got.stream().map(SseEvent::type).toList());
    assertFalse(got.get(2).hadIdField());
    assertEquals("token expired", s.closeReason());
    Await.until("the place given back", WAIT, () -> hub.connections() == 0);
  }

  @Test
  void anExpiredTokenIsAnsweredWithItsOwnCursorThenReauthAndNothingElse() throws Exception {
    String cursor = publish("a", 3).get(0);
    for (String given : new String[] {cursor, "garbage", null}) {
      RecordingWire wire = new RecordingWire();
      hub.reauthenticate(Set.of("a"), given, hub.admit("c"), wire);
      assertTrue(wire.closed.await(5, TimeUnit.SECONDS));
      List<SseEvent> got = wire.events();
      assertEquals(
          List.of("connected", "reauth"), got.stream().map(SseEvent::type).toList(), given);
      assertEquals(30_000, wire.parser.retry());
      // Its own cursor, never the newest id; none at all when it had no valid one.
      assertEquals(given == cursor, got.get(0).hadIdField(), given);
      if (given == cursor) assertEquals(cursor, got.get(0).lastEventId());
      assertFalse(got.get(1).hadIdField());
    }
    Await.until("every place given back", WAIT, () -> hub.connections() == 0);
  }

  @Test
  void drainingRefusesNewStreamsAndEndsOpenOnesSpreadOverTheDrainTime() throws Exception {
    List<RecordingWire> wires = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RecordingWire w = new RecordingWire();
      subscribe(Set.of("a"), null, "c", w);
      wires.add(w);
    }
    long start = System.nanoTime();
    Thread drainer = new Thread(() -> hub.drain(Duration.ofMillis(1000)));
    drainer.start();
    Await.until("the drain to begin", WAIT, hub::isDraining);
    assertEquals(
        Refusal.Reason.DRAINING,
        assertThrows(Refusal.class, () -> subscribe(Set.of("a"), null, "c", new RecordingWire()))
            .reason());
    drainer.join(WAIT.toMillis());
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    for (RecordingWire w : wires) assertTrue(w.closed.await(5, TimeUnit.SECONDS));
    // Twenty streams over one second: the last one ends no sooner than 19/20 of it.
    assertTrue(tookMillis >= 900, "drained in " + tookMillis + " ms");
  }

  @Test
  void aStreamWhoseConnectionFailsToCloseIsStillForgotten() throws Exception {
    RecordingWire broken =
        new RecordingWire() {
          @Override
          public void close() {
            super.close();
            throw new IllegalArgumentException("connection already torn down");
          }
        };
    subscribe(Set.of("a"), null, "c", broken).requestClose("client gone");
    assertTrue(broken.closed.await(5, TimeUnit.SECONDS));
    Await.until("the stream forgotten", WAIT, () -> hub.connections() == 0);
  }
}
