package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryEventLogTest {
  private final AtomicLong clock = new AtomicLong(1_000);

  private static List<Draft> drafts(String topic, int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> new Draft(topic, "message", "d" + i))
        .toList();
  }

  private static List<EventId> ids(List<Event> events) {
    return events.stream().map(Event::id).toList();
  }

  @Test
  void idsIncreaseWithinAndAcrossMillis() {
    MemoryEventLog log = new MemoryEventLog(100, 60_000, clock::get);
    List<Event> a = log.append(drafts("t", 3));
    clock.set(1_005);
    List<Event> b = log.append(drafts("t", 1));
    assertEquals(
        List.of(
            new EventId(1000, 0), new EventId(1000, 1), new EventId(1000, 2), new EventId(1005, 0)),
        List.of(a.get(0).id(), a.get(1).id(), a.get(2).id(), b.get(0).id()));
    assertEquals(new EventId(1005, 0), log.newest());
  }

  @Test
  void afterIsExclusiveOfTheCursorAndFiltersTopics() {
    MemoryEventLog log = new MemoryEventLog(100, 60_000, clock::get);
    List<Event> a = log.append(drafts("a", 2));
    List<Event> b = log.append(drafts("b", 2));
    assertEquals(ids(List.of(a.get(1))), ids(log.after(a.get(0).id(), Set.of("a"))));
    assertEquals(ids(b), ids(log.after(a.get(1).id(), Set.of("a", "b"))));
    assertEquals(List.of(), log.after(b.get(1).id(), Set.of("a", "b")));
    assertEquals(4, log.after(EventId.ZERO, Set.of("a", "b")).size());
    assertEquals(0, log.after(EventId.ZERO, Set.of("c")).size());
  }

  @Test
  void retentionByCountIsHubWideAndRemembersNewestEvicted() {
    MemoryEventLog log = new MemoryEventLog(3, 60_000, clock::get);
    List<Event> quiet = log.append(drafts("quiet", 1));
    assertNull(log.newestEvicted());
    List<Event> busy = log.append(drafts("busy", 3));
    assertEquals(3, log.size());
    assertEquals(quiet.get(0).id(), log.newestEvicted());
    assertEquals(busy.get(0).id(), log.oldest());
    assertEquals(List.of(), log.after(EventId.ZERO, Set.of("quiet")));
  }

  @Test
  void retentionByAge() {
    MemoryEventLog log = new MemoryEventLog(100, 1_000, clock::get);
    List<Event> old = log.append(drafts("t", 2));
    clock.set(1_500);
    List<Event> fresh = log.append(drafts("t", 1));
    clock.set(2_001);
    log.expire(clock.get());
    assertEquals(ids(fresh), ids(log.after(EventId.ZERO, Set.of("t"))));
    assertEquals(old.get(1).id(), log.newestEvicted());
    clock.set(10_000);
    log.expire(clock.get());
    assertEquals(0, log.size());
    assertNull(log.oldest());
    assertEquals(fresh.get(0).id(), log.newest());
  }

  @Test
  void ringGrowsAndWrapsKeepingOrder() {
    MemoryEventLog log = new MemoryEventLog(50, 60_000, clock::get);
    for (int i = 0; i < 7; i++) {
      clock.incrementAndGet();
      log.append(drafts("t", 13));
    }
    List<Event> kept = log.after(EventId.ZERO, Set.of("t"));
    assertEquals(50, kept.size());
    for (int i = 1; i < kept.size(); i++)
      assertTrue(kept.get(i).id().isAfter(kept.get(i - 1).id()));
    assertEquals(log.newest(), kept.get(49).id());
    // Cursor in the middle of the ring: binary search lands right after it.
    EventId mid = kept.get(20).id();
    assertEquals(
        kept.subList(21, 50).stream().map(Event::id).toList(), ids(log.after(mid, Set.of("t"))));
  }

  @Test
  void idsKeepIncreasingAcrossARestart() {
    MemoryEventLog before = new MemoryEventLog(10, 60_000, clock::get);
    EventId last = before.append(drafts("t", 5)).get(4).id();
    clock.addAndGet(1);
    MemoryEventLog after = new MemoryEventLog(10, 60_000, clock::get);
    assertTrue(after.append(drafts("t", 1)).get(0).id().isAfter(last));
  }
}
