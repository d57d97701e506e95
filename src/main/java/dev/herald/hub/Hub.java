package dev.herald.hub;

import dev.herald.config.HeraldConfig;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The one owner of the event log and of every open stream. A single lock orders publishing and
 * subscribing, so a stream's replay and its live events meet with no gap and no duplicate; inside
 * the lock the hub only appends and enqueues, and writer threads do all the socket work.
 */
public final class Hub {
  private static final JsonProvider JSON = JsonProvider.provider();

  /** Room for every subscriber to wait for a writer once; a subscriber is never queued twice. */
  private static final int WRITER_QUEUE = 1 << 16;

  private final HeraldConfig config;
  private final EventLog log;
  private final LongSupplier clock;
  private final ThreadPoolExecutor writers;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, TopicBroadcaster> topics = new ConcurrentHashMap<>();
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final Counters counters = new Counters();
  private volatile boolean closed;

  public Hub(HeraldConfig config, EventLog log, LongSupplier clock, ThreadFactory threads) {
    this.config = config;
    this.log = log;
    this.clock = clock;
    int n = config.writerThreads();
    this.writers =
        new ThreadPoolExecutor(
            n, n, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WRITER_QUEUE), threads);
    writers.prestartAllCoreThreads();
  }

  /** Appends the events in one step (their ids are consecutive) and hands them to subscribers. */
  public List<Event> publish(List<Draft> drafts) {
    lock.lock();
    try {
      List<Event> events = log.append(drafts);
      for (Event e : events) {
        TopicBroadcaster b = topics.get(e.topic());
        if (b != null) b.deliver(e.frame());
      }
      counters.published.add(events.size());
      return events;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Opens a stream on {@code wire}: the opening frames, a gap notice when history cannot cover the
   * cursor, the retained events after it, then live events.
   *
   * @param lastEventId the client's cursor, or {@code null}
   * @throws IllegalStateException when the hub is shutting down
   */
  public Subscriber subscribe(Set<String> streamTopics, String lastEventId, Wire wire) {
    Subscriber s =
        new Subscriber(
            wire,
            streamTopics,
            writers,
            counters,
            config.subscriberBuffer(),
            config.subscriberBufferBytes(),
            this::forget);
    lock.lock();
    try {
      if (closed) throw new IllegalStateException("Herald is shutting down");
      EventId newest = log.newest();
      EventId cursor = EventId.parse(lastEventId);
      EventId resume = newest;
      String gap = null;
      List<Event> replay = List.of();
      if (lastEventId != null && (cursor == null || cursor.isAfter(newest))) {
        gap = gap(lastEventId, "unknown");
      } else if (cursor != null) {
        resume = cursor;
        EventId evicted = log.newestEvicted();
        if (evicted != null && cursor.isBefore(evicted)) gap = gap(lastEventId, "truncated");
        replay = log.after(cursor, streamTopics);
      }
      List<byte[]> opening = new ArrayList<>(2);
      opening.add(
          Frames.opening(
              config.retry().toMillis(), resume.toString(), connected(streamTopics, resume)));
      if (gap != null) opening.add(Frames.event(null, "gap", gap));
      for (String t : streamTopics) {
        topics.compute(
            t,
            (k, b) -> {
              TopicBroadcaster broadcaster = b != null ? b : new TopicBroadcaster(k);
              broadcaster.register(s);
              return broadcaster;
            });
      }
      subscribers.add(s);
      counters.connections.incrementAndGet();
      s.start(opening, replay);
      return s;
    } finally {
      lock.unlock();
    }
  }

  private String connected(Set<String> streamTopics, EventId resume) {
    var seconds = BigDecimal.valueOf(config.heartbeat().toMillis(), 3).stripTrailingZeros();
    return JSON.createObjectBuilder()
        .add("topics", JSON.createArrayBuilder(streamTopics))
        .add("heartbeat", seconds)
        .add("lastEventId", resume.toString())
        .build()
        .toString();
  }

  private String gap(String requested, String reason) {
    EventId oldest = log.oldest();
    var b = JSON.createObjectBuilder().add("requested", requested);
    if (oldest == null) b.addNull("oldest");
    else b.add("oldest", oldest.toString());
    return b.add("reason", reason).build().toString();
  }

  /** Called by a subscriber's writer thread once its stream has ended. */
  private void forget(Subscriber s) {
    if (subscribers.remove(s)) counters.connections.decrementAndGet();
    for (String t : s.topics()) {
      topics.computeIfPresent(t, (k, b) -> b.remove(s) ? null : b);
    }
  }

  /** Heartbeats for idle streams and age-based retention; called by the hub's scheduler. */
  public void tick() {
    long now = System.nanoTime();
    long idle = config.heartbeat().toNanos();
    for (Subscriber s : subscribers) s.heartbeatIfIdle(now, idle);
    lock.lock();
    try {
      log.expire(clock.getAsLong());
    } finally {
      lock.unlock();
    }
  }

  /** The busiest topics by subscriber count, busiest first. */
  public List<TopicBroadcaster> busiest(int limit) {
    return topics.values().stream()
        .sorted(Comparator.comparingInt(TopicBroadcaster::size).reversed())
        .limit(limit)
        .toList();
  }

  public Counters counters() {
    return counters;
  }

  public EventId newest() {
    lock.lock();
    try {
      return log.newest();
    } finally {
      lock.unlock();
    }
  }

  /** Refuses new streams and ends the open ones, waiting up to {@code waitMillis} for them. */
  public void close(long waitMillis) {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
    for (Subscriber s : subscribers) s.requestClose("shutdown");
    // Queued closes still run after shutdown(); later ones find the pool closed and end inline.
    writers.shutdown();
    try {
      writers.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isClosed() {
    return closed;
  }
}
