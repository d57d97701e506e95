package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.testing.RecordingWire;
import dev.herald.testing.SseEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    return new Hub(
        config,
        new MemoryEventLog(config.historyMaxEvents(), 3_600_000, System::currentTimeMillis),
        System::currentTimeMillis,
        Executors.defaultThreadFactory());
  }

  @AfterEach
  void close() {
    hub.close(1000);
  }

  private List<String> publish(String topic, int n) {
    List<Draft> drafts = new ArrayList<>();
    for (int i = 0; i < n; i++) drafts.add(new Draft(topic, "message", topic + i));
    return hub.publish(drafts).stream().map(e -> e.id().toString()).toList();
  }

  private static List<String> dataOf(List<SseEvent> events) {
    return events.stream().filter(e -> e.type().equals("message")).map(SseEvent::data).toList();
  }

  @Test
  void openingCarriesTheNewestIdWhenNoCursorIsGiven() throws Exception {
    List<String> ids = publish("a", 2);
    RecordingWire wire = new RecordingWire();
    hub.subscribe(Set.of("a"), null, "client", wire);
    SseEvent connected = wire.await(e -> !e.isEmpty(), WAIT).get(0);
    assertEquals("connected", connected.type());
    assertEquals(ids.get(1), connected.lastEventId());
    assertTrue(connected.data().contains("\"lastEventId\":\"" + ids.get(1) + "\""));
    assertEquals(3000, wire.parser.retry());
    publish("a", 1);
    assertEquals(List.of("a0"), dataOf(wire.await(e -> e.size() == 2, WAIT)));
  }

  @Test
  void replaysFromTheCursorThenGoesLiveWithoutGapOrDuplicate() throws Exception {
    List<String> ids = publish("a", 5);
    RecordingWire wire = new RecordingWire();
    Thread publisher =
        new Thread(
            () -> {
              for (int i = 0; i < 500; i++)
                hub.publish(List.of(new Draft("a", "message", "live" + i)));
            });
    publisher.start();
    hub.subscribe(Set.of("a"), ids.get(1), "client", wire);
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
  void oneCursorResumesSeveralTopicsInHubOrder() throws Exception {
    publish("a", 1);
    String cursor = publish("b", 1).get(0);
    publish("c", 1);
    publish("b", 1);
    publish("a", 1);
    RecordingWire wire = new RecordingWire();
    hub.subscribe(new LinkedHashSet<>(List.of("a", "b")), cursor, "client", wire);
    assertEquals(List.of("b0", "a0"), dataOf(wire.await(e -> e.size() == 3, WAIT)));
  }

  @Test
  void malformedOrFutureCursorGetsAnUnknownGapAndNoReplay() throws Exception {
    String newest = publish("a", 3).get(2);
    for (String cursor : List.of("nonsense", "99999999999999-0")) {
      RecordingWire wire = new RecordingWire();
      hub.subscribe(Set.of("a"), cursor, "client", wire);
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
    hub.close(1000);
    hub = hub(Map.of("herald.history.max-events", "3"));
    String first = publish("a", 1).get(0);
    List<String> later = publish("a", 4);
    RecordingWire wire = new RecordingWire();
    hub.subscribe(Set.of("a"), first, "client", wire);
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
    hub.subscribe(Set.of("a"), later.get(0), "client", exact);
    assertEquals(List.of("a1", "a2", "a3"), dataOf(exact.await(e -> e.size() == 4, WAIT)));
    assertTrue(exact.events().stream().noneMatch(e -> e.type().equals("gap")));
  }

  @Test
  void aSubscriberThatStopsReadingIsDroppedAndOthersGetEverything() throws Exception {
    hub.close(1000);
    hub = hub(Map.of("herald.subscriber.buffer", "50"));
    CountDownLatch never = new CountDownLatch(1);
    RecordingWire stalled = new RecordingWire(never);
    RecordingWire healthy = new RecordingWire();
    Subscriber slow = hub.subscribe(Set.of("a"), null, "client", stalled);
    hub.subscribe(Set.of("a"), null, "client", healthy);
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
  void idleStreamsGetHeartbeats() throws Exception {
    hub.close(1000);
    hub = hub(Map.of("herald.stream.heartbeat", "50ms"));
    RecordingWire wire = new RecordingWire();
    hub.subscribe(Set.of("a"), null, "client", wire);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (wire.parser.comments() == 0 && System.nanoTime() < deadline) {
      hub.sweep();
      Thread.onSpinWait();
    }
    assertTrue(wire.parser.comments() > 0);
  }

  @Test
  void closingEndsEveryStreamAndRefusesNewOnes() throws Exception {
    RecordingWire wire = new RecordingWire();
    hub.subscribe(Set.of("a"), null, "client", wire);
    hub.close(1000);
    assertTrue(wire.closed.await(5, TimeUnit.SECONDS));
    assertEquals(0, hub.connections());
    assertThrows(
        Refusal.class, () -> hub.subscribe(Set.of("a"), null, "client", new RecordingWire()));
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
                  hub.subscribe(Set.of("t" + (i % 7)), null, "client", w).close();
                }
                return null;
              }));
    }
    for (var f : done) f.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (hub.connections() != 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(0, hub.connections());
    assertEquals(List.of(), hub.busiest(10));
  }

  @Test
  void stalledWritesGetSpareWritersSoHealthyStreamsKeepFlowing() throws Exception {
    hub.close(1000);
    hub =
        hub(
            Map.of(
                "herald.stream.writer-threads", "2",
                "herald.stream.write-stall", "100ms",
                "herald.stream.spare-writer-threads", "4"));
    CountDownLatch gate = new CountDownLatch(1);
    List<Subscriber> stalled = new ArrayList<>();
    for (int i = 0; i < 2; i++)
      stalled.add(hub.subscribe(Set.of("s"), null, "c", new RecordingWire(gate)));
    RecordingWire healthy = new RecordingWire();
    hub.subscribe(Set.of("h"), null, "c", healthy);
    publish("s", 1);
    publish("h", 1);
    long deadline = System.nanoTime() + WAIT.toNanos();
    // Both writers are blocked; each sweep that finds a write blocked past 100 ms counts it.
    while ((healthy.events().size() < 2 || stalled.stream().anyMatch(s -> s.closeReason() == null))
        && System.nanoTime() < deadline) {
      hub.sweep(); // notices the blocked writes and adds spare writer threads
      Thread.onSpinWait();
    }
    assertEquals(List.of("h0"), dataOf(healthy.events()));
    assertTrue(hub.writerThreads() > 2, "writers: " + hub.writerThreads());
    for (Subscriber s : stalled) assertEquals("stalled", s.closeReason());
    assertEquals(2, hub.counters().dropped());
    gate.countDown();
    deadline = System.nanoTime() + WAIT.toNanos();
    while ((hub.connections() > 1 || hub.writerThreads() > 2) && System.nanoTime() < deadline) {
      hub.sweep();
      Thread.onSpinWait();
    }
    assertEquals(1, hub.connections());
    assertEquals(2, hub.writerThreads());
  }

  @Test
  void streamsEndAtTheirMaximumDuration() throws Exception {
    hub.close(1000);
    hub = hub(Map.of("herald.stream.max-duration", "200ms", "herald.stream.heartbeat", "50ms"));
    RecordingWire wire = new RecordingWire();
    long start = System.nanoTime();
    Subscriber s = hub.subscribe(Set.of("a"), null, "c", wire);
    while (wire.closed.getCount() > 0 && System.nanoTime() - start < WAIT.toNanos()) {
      hub.sweep();
      Thread.onSpinWait();
    }
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals("max duration", s.closeReason());
    assertTrue(tookMillis >= 170, "ended after " + tookMillis + " ms, before 85 % of 200 ms");
  }

  @Test
  void drainingRefusesNewStreamsAndEndsOpenOnesSpreadOverTheDrainTime() throws Exception {
    List<RecordingWire> wires = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RecordingWire w = new RecordingWire();
      hub.subscribe(Set.of("a"), null, "c", w);
      wires.add(w);
    }
    long start = System.nanoTime();
    Thread drainer = new Thread(() -> hub.drain(Duration.ofMillis(1000)));
    drainer.start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!hub.isDraining() && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(
        Refusal.Reason.DRAINING,
        assertThrows(
                Refusal.class, () -> hub.subscribe(Set.of("a"), null, "c", new RecordingWire()))
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
    hub.subscribe(Set.of("a"), null, "c", broken).requestClose("client gone");
    assertTrue(broken.closed.await(5, TimeUnit.SECONDS));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (hub.connections() != 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(0, hub.connections());
  }
}
