package dev.herald.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The embedded event log: a ring of the newest events, bounded hub-wide by count and age. Ids take
 * their millis from the clock but never go backwards, so they keep increasing across a restart.
 */
public final class MemoryEventLog implements EventLog {
  private final int maxEvents;
  private final long maxAgeMillis;
  private final LongSupplier clock;
  private Event[] ring = new Event[16];
  private int head;
  private int size;
  private EventId newest = EventId.ZERO;
  private EventId newestEvicted;

  public MemoryEventLog(int maxEvents, long maxAgeMillis, LongSupplier clock) {
    this.maxEvents = maxEvents;
    this.maxAgeMillis = maxAgeMillis;
    this.clock = clock;
  }

  @Override
  public List<Event> append(List<Draft> drafts) {
    long now = clock.getAsLong();
    List<Event> out = new ArrayList<>(drafts.size());
    for (Draft d : drafts) {
      EventId id = newest.next(now);
      Event e = new Event(id, d.topic(), Frames.event(id.toString(), d.type(), d.data()), now);
      keep(e);
      newest = id;
      out.add(e);
    }
    expire(now);
    return out;
  }

  private void keep(Event e) {
    if (size == maxEvents) {
      dropOldest();
    } else if (size == ring.length) {
      grow();
    }
    ring[(head + size) % ring.length] = e;
    size++;
  }

  private void grow() {
    Event[] bigger = new Event[Math.min(maxEvents, ring.length * 2)];
    for (int i = 0; i < size; i++) {
      bigger[i] = ring[(head + i) % ring.length];
    }
    ring = bigger;
    head = 0;
  }

  private void dropOldest() {
    newestEvicted = ring[head].id();
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
  }

  @Override
  public void expire(long nowMillis) {
    while (size > 0 && ring[head].createdMillis() < nowMillis - maxAgeMillis) {
      dropOldest();
    }
  }

  @Override
  public List<Event> after(EventId cursor, Set<String> topics) {
    List<Event> out = new ArrayList<>();
    for (int i = firstAfter(cursor); i < size; i++) {
      Event e = at(i);
      if (topics.contains(e.topic())) out.add(e);
    }
    return out;
  }

  /** Binary search: index of the first retained event whose id is after the cursor. */
  private int firstAfter(EventId cursor) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (at(mid).id().isAfter(cursor)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private Event at(int i) {
    return ring[(head + i) % ring.length];
  }

  @Override
  public EventId newest() {
    return newest;
  }

  @Override
  public EventId oldest() {
    return size == 0 ? null : ring[head].id();
  }

  @Override
  public EventId newestEvicted() {
    return newestEvicted;
  }

  /** Events retained now. */
  public int size() {
    return size;
  }
}
