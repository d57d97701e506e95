package dev.herald.hub;

import dev.herald.config.HeraldConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The one owner of the event log and of every open stream. A single lock orders publishing and
 * subscribing, so a stream's replay and its live events meet with no gap and no duplicate; inside
 * the lock the hub only appends and enqueues, and writer threads do all the socket work.
 */
public final class Hub {

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
  private final Admission admission;
  private final Subscriber.Delivery delivery;
  private final int baseWriters;

  /**
   * Writer threads one event's fan-out runs on: more than the cores only adds context switches, but
   * at least two, so one stalled client cannot hold up the rest of the fan-out.
   */
  private final int fanoutRunners;

  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile long lastSweepNanos = System.nanoTime();

  public Hub(HeraldConfig config, EventLog log, LongSupplier clock, ThreadFactory threads) {
    this.config = config;
    this.log = log;
    this.clock = clock;
    this.baseWriters = config.writerThreads();
    this.fanoutRunners =
        Math.min(baseWriters, Math.max(2, Runtime.getRuntime().availableProcessors()));
    this.writers =
        new ThreadPoolExecutor(
            baseWriters,
            baseWriters + config.spareWriterThreads(),
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(WRITER_QUEUE),
            threads);
    writers.prestartAllCoreThreads();
    this.admission = new Admission(config.maxConnections(), config.maxConnectionsPerClient());
    this.delivery =
        new Subscriber.Delivery(
            writers,
            counters,
            config.subscriberBuffer(),
            config.subscriberBufferBytes(),
            this::forget);
  }

  /** Appends the events in one step (their ids are consecutive) and hands them to subscribers. */
  public List<Event> publish(List<Draft> drafts) {
    lock.lock();
    try {
      List<Event> events = log.append(drafts);
      for (Event e : events) {
        TopicBroadcaster b = topics.get(e.topic());
        if (b != null) b.deliver(e.frame(), fanoutRunners, writers);
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
   * @param client who opens the stream, for per-client limits
   * @throws Refusal when a limit is reached or the hub is draining; nothing was opened
   */
  public Subscriber subscribe(
      Set<String> streamTopics, String lastEventId, String client, Wire wire) {
    admit(client);
    return open(streamTopics, lastEventId, client, wire);
  }

  /**
   * Opens a stream for a client already {@linkplain #admit admitted}; its place is given back when
   * the stream ends, or here if the hub started draining meanwhile.
   */
  public Subscriber open(Set<String> streamTopics, String lastEventId, String client, Wire wire) {
    Subscriber s = new Subscriber(wire, streamTopics, client, deadline(), delivery);
    lock.lock();
    try {
      if (draining.get()) {
        admission.release(client);
        throw new Refusal(Refusal.Reason.DRAINING);
      }
      StreamStart start = StreamStart.plan(log, streamTopics, lastEventId);
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
      s.start(start.opening(config.retry(), config.heartbeat(), streamTopics), start.replay());
      return s;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes a place for a stream before anything is written, so a refusal can still be an HTTP error;
   * {@link #open} then uses the place.
   */
  public void admit(String client) {
    if (draining.get()) throw new Refusal(Refusal.Reason.DRAINING);
    admission.acquire(client);
  }

  /** Gives back a place taken by {@link #admit} that did not become a stream. */
  public void release(String client) {
    admission.release(client);
  }

  /** Spread each stream's end over ±15 % of the maximum, so clients do not all return at once. */
  private long deadline() {
    long max = config.maxDuration().toNanos();
    if (max == 0) return 0;
    double jitter = 0.85 + 0.3 * java.util.concurrent.ThreadLocalRandom.current().nextDouble();
    return System.nanoTime() + (long) (max * jitter) | 1; // never 0, which means "no deadline"
  }

  /** Called by a subscriber's writer thread once its stream has ended. */
  private void forget(Subscriber s) {
    if (subscribers.remove(s)) admission.release(s.client());
    for (String t : s.topics()) {
      topics.computeIfPresent(t, (k, b) -> b.remove(s) ? null : b);
    }
  }

  /**
   * The hub's periodic work: heartbeats for idle streams, ending streams past their maximum
   * duration, dropping stalled subscribers, and age-based retention. Liberty's socket writes block,
   * so a spare writer thread stands in for each one a stalled client holds, up to the configured
   * spares, and healthy streams keep flowing.
   */
  public void sweep() {
    long now = System.nanoTime();
    long idle = config.heartbeat().toNanos();
    long stall = config.writeStall().toNanos();
    int stalled = 0;
    for (Subscriber s : subscribers) {
      if (s.stalled(now, stall)) {
        stalled++;
        if (s.markStalled()) counters.dropped.increment();
      } else if (s.pastDeadline(now)) {
        s.requestClose("max duration");
      } else {
        s.heartbeatIfIdle(now, idle);
      }
    }
    int writersWanted = baseWriters + Math.min(stalled, config.spareWriterThreads());
    if (writers.getCorePoolSize() != writersWanted && !writers.isShutdown()) {
      writers.setCorePoolSize(writersWanted);
    }
    lock.lock();
    try {
      log.expire(clock.getAsLong());
    } finally {
      lock.unlock();
    }
    lastSweepNanos = now;
  }

  /** When {@link #sweep} last finished; liveness checks that it keeps running. */
  public long lastSweepNanos() {
    return lastSweepNanos;
  }

  /** Writer threads now: the base pool plus spares standing in for stalled writes. */
  public int writerThreads() {
    return writers.getCorePoolSize();
  }

  /**
   * Refuses new streams and ends the open ones one by one, spread evenly over {@code over}, so
   * their clients reconnect elsewhere without a thundering herd. Blocks until done; does nothing
   * when a drain has already begun.
   */
  public void drain(Duration over) {
    if (!draining.compareAndSet(false, true)) return;
    List<Subscriber> open = new ArrayList<>(subscribers);
    Collections.shuffle(open);
    long start = System.nanoTime();
    for (int i = 0; i < open.size(); i++) {
      long at = start + over.toNanos() * i / open.size();
      for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      open.get(i).requestClose("draining");
    }
  }

  /** Whether the event log can be used; readiness goes down when it cannot. */
  public boolean logAvailable() {
    return log.available();
  }

  public boolean isDraining() {
    return draining.get();
  }

  /** The connection limit, 0 for none. */
  public int maxConnections() {
    return admission.max();
  }

  /** The busiest topics by subscriber count, busiest first. */
  public List<TopicBroadcaster> busiest(int limit) {
    return topics.values().stream()
        .sorted(Comparator.comparingInt(TopicBroadcaster::size).reversed())
        .limit(limit)
        .toList();
  }

  /** Open streams. */
  public int connections() {
    return subscribers.size();
  }

  public Counters counters() {
    return counters;
  }

  /** Refuses new streams and ends the open ones at once, waiting up to {@code waitMillis}. */
  public void close(long waitMillis) {
    draining.set(true);
    for (Subscriber s : subscribers) s.requestClose("shutdown");
    // Queued closes still run after shutdown(); later ones find the pool closed and end inline.
    writers.shutdown();
    try {
      writers.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
