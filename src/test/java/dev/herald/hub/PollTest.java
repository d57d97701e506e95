package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.testing.RecordingWire;
import dev.herald.testing.SseEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Long-polls on the hub, and the enveloped stream format that says what a plain frame cannot. */
class PollTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final Duration WAIT = Duration.ofSeconds(10);
  private Hub hub = hub(Map.of("herald.connections.max", "2"), 10);

  private static Hub hub(Map<String, String> settings, int historyEvents) {
    HeraldConfig config = HeraldConfig.of(settings);
    return Hub.start(
        config,
        new MemoryEventLog(
            historyEvents, config.historyMaxBytes(), 3_600_000, System::currentTimeMillis),
        Executors.defaultThreadFactory());
  }

  @AfterEach
  void close() {
    hub.close(1000);
  }

  private List<EventId> publish(String topic, int n) {
    List<Draft> drafts = new ArrayList<>();
    for (int i = 0; i < n; i++) drafts.add(new Draft(topic, "message", EventData.text(topic + i)));
    return hub.publish(drafts, null).ids();
  }

  private CompletableFuture<PollAnswer> poll(Set<String> topics, Object after, Duration wait) {
    return hub.poll(topics, after == null ? null : after.toString(), wait, 3, hub.admit("c"));
  }

  private static PollAnswer answered(CompletableFuture<PollAnswer> f) throws Exception {
    return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static List<String> data(PollAnswer a) {
    return a.events().stream().map(e -> e.data().text()).toList();
  }

  @Test
  void answersRetainedEventsAtOnceAtMostTheMaximumAndTheRestNext() throws Exception {
    List<EventId> ids = publish("a", 5);
    publish("b", 1);
    PollAnswer first = answered(poll(Set.of("a"), ids.get(0), LONG));
    assertEquals(List.of("a1", "a2", "a3"), data(first));
    assertEquals(ids.get(3), first.lastEventId());
    assertNull(first.gap());
    PollAnswer next = answered(poll(Set.of("a"), first.lastEventId(), LONG));
    assertEquals(List.of("a4"), data(next));
    assertEquals(ids.get(4), next.lastEventId());
  }

  @Test
  void waitsForTheFirstLiveEventOfItsTopics() throws Exception {
    EventId newest = publish("a", 1).get(0);
    CompletableFuture<PollAnswer> waiting = poll(Set.of("a", "c"), null, LONG);
    publish("b", 1);
    assertFalse(waiting.isDone(), "an event of another topic answered the poll");
    List<EventId> live = publish("c", 2);
    PollAnswer a = answered(waiting);
    assertEquals(List.of("c0", "c1"), data(a), "one batch is one answer");
    assertEquals(live.get(1), a.lastEventId());
    assertTrue(live.get(0).isAfter(newest));
  }

  @Test
  void answersAnEmptyListWithItsCursorWhenNothingCameInTime() throws Exception {
    EventId newest = publish("a", 1).get(0);
    PollAnswer a = answered(poll(Set.of("a"), null, Duration.ofMillis(200)));
    assertEquals(List.of(), a.events());
    assertEquals(newest, a.lastEventId(), "without a cursor a poll starts at the newest event");
    PollAnswer b = answered(poll(Set.of("a"), newest, Duration.ofMillis(200)));
    assertEquals(newest, b.lastEventId());
  }

  @Test
  void saysGapWhenHistoryCannotCoverTheCursor() throws Exception {
    List<EventId> ids = publish("a", 12); // history keeps 10
    PollAnswer a = answered(poll(Set.of("a"), ids.get(0), LONG));
    assertTrue(a.gap().contains("\"reason\":\"truncated\""), a.gap());
    assertEquals(List.of("a2", "a3", "a4"), data(a));
    PollAnswer unknown = answered(poll(Set.of("a"), "not-an-id", LONG));
    assertTrue(unknown.gap().contains("\"reason\":\"unknown\""), unknown.gap());
    assertEquals(List.of(), unknown.events());
    assertEquals(ids.get(11), unknown.lastEventId());
    publish("b", 1);
    PollAnswer onlyB = answered(poll(Set.of("b"), ids.get(0), LONG));
    assertTrue(onlyB.gap().contains("\"reason\":\"truncated\""), onlyB.gap());
    assertEquals(List.of("b0"), data(onlyB));
    PollAnswer nothingLeft = answered(poll(Set.of("c"), ids.get(0), LONG));
    assertEquals(List.of(), nothingLeft.events());
    assertTrue(nothingLeft.gap() != null);
    assertTrue(
        nothingLeft.lastEventId().isAfter(ids.get(11)),
        "a gap with nothing after it goes on from the newest event, not the lost cursor");
  }

  @Test
  void aWaitingPollHoldsItsPlaceUntilAnswered() throws Exception {
    CompletableFuture<PollAnswer> one = poll(Set.of("a"), null, LONG);
    CompletableFuture<PollAnswer> two = poll(Set.of("a"), null, LONG);
    Refusal full = assertThrows(Refusal.class, () -> hub.admit("c"));
    assertEquals(Refusal.Reason.FULL, full.reason());
    publish("a", 1);
    answered(one);
    answered(two);
    hub.admit("c").close();
  }

  @Test
  void aDrainAnswersWaitingPollsAtOnceAndRefusesNewOnes() throws Exception {
    EventId newest = publish("a", 1).get(0);
    CompletableFuture<PollAnswer> waiting = poll(Set.of("a"), newest, LONG);
    Thread drain = new Thread(() -> hub.drain(Duration.ZERO));
    drain.start();
    PollAnswer a = answered(waiting);
    assertEquals(List.of(), a.events());
    assertEquals(newest, a.lastEventId());
    drain.join(WAIT.toMillis());
    assertThrows(Refusal.class, () -> hub.admit("c"));
    assertEquals(0, hub.waitingPolls());
  }

  @Test
  void anEnvelopedStreamSaysEachEventsTopicTypeAndFormat() throws Exception {
    RecordingWire wire = new RecordingWire();
    hub.open(Set.of("a", "b"), null, hub.admit("c"), wire, 0, StreamFormat.ENVELOPE);
    wire.await(e -> !e.isEmpty(), WAIT);
    hub.publish(
        List.of(
            new Draft("a", "status", EventData.json("{\"n\":1}")),
            new Draft("b", "message", EventData.text("hello \"you\"\nthere")),
            new Draft("b", "message", EventData.json("\"hello\""))),
        null);
    List<SseEvent> got = wire.await(e -> e.size() == 4, WAIT);
    assertEquals(
        List.of(
            "{\"topic\":\"a\",\"type\":\"status\",\"format\":\"json\",\"data\":{\"n\":1}}",
            "{\"topic\":\"b\",\"type\":\"message\",\"format\":\"text\","
                + "\"data\":\"hello \\\"you\\\"\\nthere\"}",
            "{\"topic\":\"b\",\"type\":\"message\",\"format\":\"json\",\"data\":\"hello\"}"),
        got.subList(1, 4).stream().map(SseEvent::data).toList());
    assertTrue(
        got.subList(1, 4).stream().allMatch(e -> e.type().equals("message")),
        "enveloped events come as the default type");
  }
}
