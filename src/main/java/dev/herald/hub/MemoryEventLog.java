package dev.herald.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The embedded event log: a ring of the newest events, bounded hub-wide by count, bytes and age.
 * Ids take their millis from the clock but never go backwards, so they keep increasing across a
 * restart; a cursor from before this log's start is answered as truncated, since whatever came
 * after it then is gone. Everything happens in the caller's thread, under this log's monitor, so
 * appends are handed on in id order.
 */
public final class MemoryEventLog implements EventLog {
  private final int maxEvents;
  private final long maxBytes;
  private final long maxAgeMillis;
  private final LongSupplier clock;
  private final EventId start;

  // Guarded by this.
  private Event[] ring = new Event[16];
  private int head;
  private int size;
  private long bytes;
  private EventId newest;
  private EventId newestEvicted;
  private final Map<String, Remembered> keys = new HashMap<>();
  private final ArrayDeque<Remembered> keysInOrder = new ArrayDeque<>();
  private Consumer<List<Event>> inbound = events -> {};
  private boolean closed;

  /** An idempotency key, kept until the first event it names leaves the log. */
  private record Remembered(String key, String fingerprint, List<EventId> ids) {}

  public MemoryEventLog(int maxEvents, long maxBytes, long maxAgeMillis, LongSupplier clock) {
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
    this.maxAgeMillis = maxAgeMillis;
    this.clock = clock;
    this.start = new EventId(clock.getAsLong(), 0);
    this.newest = start;
  }

  @Override
  public synchronized void start(Consumer<List<Event>> inbound) {
    this.inbound = inbound;
  }

  @Override
  public synchronized CompletionStage<Appended> append(List<Draft> drafts, Idempotency key) {
    if (closed) {
      return CompletableFuture.failedFuture(new PublishRefusedException("the log is closed", null));
    }
    long now = clock.getAsLong();
    expire(now);
    Remembered seen = key == null ? null : keys.get(key.key());
    if (seen != null) {
      if (!seen.fingerprint().equals(key.fingerprint())) {
        return CompletableFuture.failedFuture(new IdempotencyConflictException(key.key()));
      }
      return CompletableFuture.completedFuture(new Appended(seen.ids(), true));
    }
    List<Event> events = new ArrayList<>(drafts.size());
    List<EventId> ids = new ArrayList<>(drafts.size());
    for (Draft d : drafts) {
      newest = newest.next(now);
      Event e = Event.of(newest, d, now);
      if (d.retained()) keep(e);
      events.add(e);
      ids.add(newest);
    }
    if (key != null) remember(new Remembered(key.key(), key.fingerprint(), List.copyOf(ids)));
    inbound.accept(events);
    return CompletableFuture.completedFuture(new Appended(ids, false));
  }

  private void keep(Event e) {
    if (size == maxEvents) {
      dropOldest();
    } else if (size == ring.length) {
      grow();
    }
    ring[(head + size) % ring.length] = e;
    size++;
    bytes += e.sizeBytes();
    // The newest event stays even when it alone is over the bound: it was accepted.
    while (bytes > maxBytes && size > 1) dropOldest();
  }

  private void remember(Remembered r) {
    keys.put(r.key(), r);
    keysInOrder.addLast(r);
    // Live-only events leave no trace in the ring, so bound the keys by count too.
    if (keysInOrder.size() > maxEvents) keys.remove(keysInOrder.removeFirst().key());
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
    Event e = ring[head];
    newestEvicted = e.id();
    bytes -= e.sizeBytes();
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
    while (!keysInOrder.isEmpty() && !keysInOrder.peekFirst().ids().get(0).isAfter(newestEvicted)) {
      keys.remove(keysInOrder.removeFirst().key());
    }
  }

  private void expire(long nowMillis) {
    while (size > 0 && ring[head].createdMillis() < nowMillis - maxAgeMillis) {
      dropOldest();
    }
  }

  @Override
  public synchronized CompletionStage<History> read(EventId cursor, Set<String> topics) {
    expire(clock.getAsLong());
    List<Event> events = new ArrayList<>();
    if (cursor != null) {
      for (int i = firstAfter(cursor); i < size; i++) {
        Event e = at(i);
        if (topics.contains(e.topic())) events.add(e);
      }
    }
    boolean truncated =
        cursor != null
            && (cursor.isBefore(start)
                || (newestEvicted != null && cursor.isBefore(newestEvicted)));
    EventId oldest = size == 0 ? null : ring[head].id();
    return CompletableFuture.completedFuture(new History(events, newest, oldest, truncated));
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
  public boolean available() {
    return true;
  }

  @Override
  public synchronized void close() {
    closed = true;
    inbound = events -> {};
    ring = new Event[1];
    head = 0;
    size = 0;
    bytes = 0;
    keys.clear();
    keysInOrder.clear();
  }
}
