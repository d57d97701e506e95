package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemoryEventLogTest {
  private static final long UNBOUNDED = Long.MAX_VALUE;
  private final AtomicLong clock = new AtomicLong(1_000);
  private final List<Event> handedOn = new ArrayList<>();

  private MemoryEventLog log(int maxEvents, long maxBytes, long maxAgeMillis) {
    MemoryEventLog log = new MemoryEventLog(maxEvents, maxBytes, maxAgeMillis, clock::get);
    log.start(handedOn::addAll);
    return log;
  }

  private static List<Draft> drafts(String topic, int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new Draft(topic, "message", EventData.text("d" + i)))
        .toList();
  }

  private static List<EventId> append(EventLog log, List<Draft> drafts) {
    return append(log, drafts, null).ids();
  }

  private static Appended append(EventLog log, List<Draft> drafts, String key) {
    return log.append(drafts, Idempotency.of(key, drafts)).toCompletableFuture().join();
  }

  private static History read(EventLog log, EventId cursor, String... topics) {
    return log.read(cursor, Set.of(topics)).toCompletableFuture().join();
  }

  private static List<EventId> ids(List<Event> events) {
    return events.stream().map(Event::id).toList();
  }

  @Test
  void idsIncreaseWithinAndAcrossMillisAndEveryAppendIsHandedOnInOrder() {
    MemoryEventLog log = log(100, UNBOUNDED, 60_000);
    assertEquals(new EventId(1000, 0), read(log, null).newest());
    List<EventId> a = append(log, drafts("t", 3));
    clock.set(1_005);
    List<EventId> b = append(log, drafts("t", 1));
    assertEquals(
        List.of(
            new EventId(1000, 1), new EventId(1000, 2), new EventId(1000, 3), new EventId(1005, 0)),
        List.of(a.get(0), a.get(1), a.get(2), b.get(0)));
    assertEquals(new EventId(1005, 0), read(log, null).newest());
    assertEquals(List.of(a.get(0), a.get(1), a.get(2), b.get(0)), ids(handedOn));
  }

  @Test
  void eventsKeepWhatWasPublished() {
    MemoryEventLog log = log(100, UNBOUNDED, 60_000);
    EventId cursor = read(log, null).newest();
    append(
        log,
        List.of(
            new Draft("t", "text", EventData.text("hello")),
            new Draft("t", "json", EventData.json("\"hello\""), "urn:uuid:1", true)));
    List<Event> got = read(log, cursor, "t").events();
    assertEquals(EventData.text("hello"), got.get(0).data());
    assertEquals("text", got.get(0).type());
    assertNull(got.get(0).clientId());
    assertEquals(EventData.json("\"hello\""), got.get(1).data());
    assertEquals("urn:uuid:1", got.get(1).clientId());
    // Both look alike on a plain stream, where a JSON string is sent as its text.
    assertTrue(new String(got.get(0).frame()).endsWith("data: hello\n\n"));
    assertTrue(new String(got.get(1).frame()).endsWith("data: hello\n\n"));
    assertTrue(got.get(0).frame() == read(log, cursor, "t").events().get(0).frame());
  }

  @Test
  void readIsExclusiveOfTheCursorAndFiltersTopics() {
    MemoryEventLog log = log(100, UNBOUNDED, 60_000);
    EventId start = read(log, null).newest();
    List<EventId> a = append(log, drafts("a", 2));
    List<EventId> b = append(log, drafts("b", 2));
    assertEquals(List.of(a.get(1)), ids(read(log, a.get(0), "a").events()));
    assertEquals(b, ids(read(log, a.get(1), "a", "b").events()));
    assertEquals(List.of(), read(log, b.get(1), "a", "b").events());
    assertEquals(4, read(log, start, "a", "b").events().size());
    assertEquals(0, read(log, start, "c").events().size());
    assertEquals(List.of(), read(log, null, "a").events());
  }

  @Test
  void retentionByCountIsHubWideAndTruncatesOlderCursors() {
    MemoryEventLog log = log(3, UNBOUNDED, 60_000);
    EventId quiet = append(log, drafts("quiet", 1)).get(0);
    assertFalse(read(log, quiet, "quiet").truncated());
    List<EventId> busy = append(log, drafts("busy", 3));
    History h = read(log, read(log, null).newest(), "busy");
    assertEquals(busy.get(0), h.oldest());
    assertEquals(List.of(), read(log, new EventId(1000, 0), "quiet").events());
    assertTrue(read(log, new EventId(1000, 0), "quiet").truncated());
    assertFalse(read(log, quiet, "quiet").truncated(), "nothing after the evicted id is gone");
  }

  @Test
  void retentionByBytesDropsTheOldestButKeepsTheNewest() {
    long oneEvent = Event.of(EventId.ZERO, drafts("t", 1).get(0), 0).sizeBytes();
    MemoryEventLog log = log(100, 3 * oneEvent, 60_000);
    EventId start = read(log, null).newest();
    List<EventId> ids = append(log, drafts("t", 5));
    History h = read(log, start, "t");
    assertEquals(ids.subList(2, 5), ids(h.events()));
    assertTrue(h.truncated());
    String big = "x".repeat((int) (4 * oneEvent));
    EventId huge = append(log, List.of(new Draft("t", "message", EventData.text(big)))).get(0);
    assertEquals(List.of(huge), ids(read(log, start, "t").events()));
  }

  @Test
  void retentionByAge() {
    MemoryEventLog log = log(100, UNBOUNDED, 1_000);
    EventId start = read(log, null).newest();
    List<EventId> old = append(log, drafts("t", 2));
    clock.set(1_500);
    List<EventId> fresh = append(log, drafts("t", 1));
    clock.set(2_001);
    History h = read(log, start, "t");
    assertEquals(fresh, ids(h.events()));
    assertTrue(read(log, old.get(0), "t").truncated());
    assertFalse(read(log, old.get(1), "t").truncated());
    clock.set(10_000);
    h = read(log, fresh.get(0), "t");
    assertEquals(List.of(), h.events());
    assertNull(h.oldest());
    assertEquals(fresh.get(0), h.newest());
  }

  @Test
  void ringGrowsAndWrapsKeepingOrder() {
    MemoryEventLog log = log(50, UNBOUNDED, 60_000);
    EventId start = read(log, null).newest();
    for (int i = 0; i < 7; i++) {
      clock.incrementAndGet();
      append(log, drafts("t", 13));
    }
    List<Event> kept = read(log, start, "t").events();
    assertEquals(50, kept.size());
    for (int i = 1; i < kept.size(); i++)
      assertTrue(kept.get(i).id().isAfter(kept.get(i - 1).id()));
    assertEquals(read(log, null).newest(), kept.get(49).id());
    // Cursor in the middle of the ring: binary search lands right after it.
    EventId mid = kept.get(20).id();
    assertEquals(ids(kept.subList(21, 50)), ids(read(log, mid, "t").events()));
  }

  @Test
  void aRestartedLogKeepsIdsIncreasingAndVouchesOnlyForItsOwnLife() {
    MemoryEventLog before = log(10, UNBOUNDED, 60_000);
    EventId first = append(before, drafts("t", 5)).get(0);
    clock.addAndGet(1);
    MemoryEventLog after = log(10, UNBOUNDED, 60_000);
    EventId start = read(after, null).newest();
    assertEquals(new EventId(1001, 0), start);
    assertTrue(start.isAfter(first));
    // Events after the old cursor were lost with the old log; the new log's own start lost nothing.
    assertTrue(read(after, first, "t").truncated());
    assertFalse(read(after, start, "t").truncated());
    EventId next = append(after, drafts("t", 1)).get(0);
    assertTrue(next.isAfter(start));
    assertFalse(read(after, start, "t").truncated());
  }

  @Test
  void liveOnlyEventsGetIdsAndAreHandedOnButNeverKept() {
    MemoryEventLog log = log(2, UNBOUNDED, 60_000);
    EventId start = read(log, null).newest();
    EventId kept = append(log, drafts("t", 1)).get(0);
    for (int i = 0; i < 5; i++) {
      append(log, List.of(new Draft("herald/stats", "stats", EventData.json("{}"), null, false)));
    }
    assertEquals(6, handedOn.size());
    History h = read(log, start, "t", "herald/stats");
    assertEquals(List.of(kept), ids(h.events()));
    assertFalse(h.truncated(), "live-only events take no history slots");
    assertTrue(h.newest().isAfter(kept));
  }

  @Test
  void aRepeatedKeyAnswersTheFirstIdsUntilItsEventsLeaveTheLog() {
    MemoryEventLog log = log(3, UNBOUNDED, 60_000);
    List<Draft> two = drafts("t", 2);
    Appended first = append(log, two, "k");
    Appended again = append(log, two, "k");
    assertTrue(again.repeated());
    assertEquals(first.ids(), again.ids());
    assertEquals(2, handedOn.size());
    CompletionException conflict =
        assertThrows(CompletionException.class, () -> append(log, drafts("t", 1), "k"));
    assertInstanceOf(IdempotencyConflictException.class, conflict.getCause());
    append(log, drafts("u", 2)); // pushes the first of the two out of the log
    Appended afterEviction = append(log, two, "k");
    assertFalse(afterEviction.repeated());
    assertTrue(afterEviction.ids().get(0).isAfter(first.ids().get(1)));
  }

  @Test
  void aClosedLogRefusesAppends() {
    MemoryEventLog log = log(3, UNBOUNDED, 60_000);
    log.close();
    CompletionException refused =
        assertThrows(CompletionException.class, () -> append(log, drafts("t", 1)));
    assertInstanceOf(PublishRefusedException.class, refused.getCause());
  }
}
