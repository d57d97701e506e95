package dev.herald.hub;

import dev.herald.config.HeraldConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one owner of every open stream, fed by the event log. The log orders events and hands them to
 * the hub on one inbound path; the hub fans each out to its topic's subscribers. Log calls, which
 * may be remote, never run under a lock of the hub's, and writer threads do all the socket work.
 */
public final class Hub {
  private static final Logger LOG = Logger.getLogger(Hub.class.getName());

  /** Herald's third own event: the token expired; refresh it and reconnect. It has no id. */
  private static final byte[] REAUTH =
      Frames.event(null, "reauth", "{\"reason\":\"token-expired\"}");

  private final HeraldConfig config;
  private final EventLog log;
  private final long logTimeoutNanos;
  private final ThreadPoolExecutor writers;

  /** Orders opening a stream against draining; only in-memory bookkeeping runs under it. */
  private final ReentrantLock lock = new ReentrantLock();

  private final Map<String, TopicBroadcaster> topics = new ConcurrentHashMap<>();
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final Polls polls = new Polls();
  private final Counters counters = new Counters();
  private final ConnectionLimits limits;
  private final Subscriber.Delivery delivery;
  private final int baseWriters;

  /**
   * Writer threads one event's fan-out runs on: more than the cores only adds context switches, but
   * at least two, so one stalled client cannot hold up the rest of the fan-out.
   */
  private final int fanoutRunners;

  private final AtomicBoolean draining = new AtomicBoolean();
  private final ThrottledLog evictions = new ThrottledLog(LOG, System::nanoTime);
  private volatile long lastSweepNanos = System.nanoTime();

  private Hub(HeraldConfig config, EventLog log, ThreadFactory threads) {
    this.config = config;
    this.log = log;
    this.logTimeoutNanos = config.logTimeout().toNanos();
    this.baseWriters = config.writerThreads();
    this.fanoutRunners =
        Math.min(baseWriters, Math.max(2, Runtime.getRuntime().availableProcessors()));
    // Unbounded: a subscriber waits for a writer at most once, so the queue holds at most one
    // entry per open stream, and a full queue would have ended healthy streams.
    this.writers =
        new ThreadPoolExecutor(
            baseWriters,
            baseWriters + config.spareWriterThreads(),
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            threads);
    writers.prestartAllCoreThreads();
    this.limits = new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerClient());
    this.delivery =
        new Subscriber.Delivery(
            writers,
            counters,
            config.subscriberBuffer(),
            config.subscriberBufferBytes(),
            this::forget);
  }

  /** A hub fed by {@code log}, which it owns from now on and closes with itself. */
  public static Hub start(HeraldConfig config, EventLog log, ThreadFactory threads) {
    Hub hub = new Hub(config, log, threads);
    log.start(hub::receive);
    return hub;
  }

  /**
   * Publishes the drafts through the log, all or nothing, with consecutive ids; subscribers get
   * them when the log hands them on. Nothing here holds a lock: a slow log delays only its callers.
   *
   * @param idempotencyKey the publisher's key, or {@code null}
   * @return completes with the ids, or exceptionally with {@link PublishRefusedException}, its
   *     subclass {@link PublishOutcomeUnknownException} (also when the log takes longer than {@code
   *     herald.log.timeout}), or {@link IdempotencyConflictException}
   */
  public CompletableFuture<Appended> publishAsync(List<Draft> drafts, String idempotencyKey) {
    CompletableFuture<Appended> answer = new CompletableFuture<>();
    bounded(() -> log.append(drafts, Idempotency.of(idempotencyKey, drafts)))
        .whenComplete(
            (appended, failure) -> {
              if (failure == null) {
                if (!appended.repeated()) counters.published.add(appended.ids().size());
                answer.complete(appended);
              } else answer.completeExceptionally(publishFailure(failure));
            });
    return answer;
  }

  /** {@link #publishAsync}, waiting (at most {@code herald.log.timeout}) for the answer. */
  public Appended publish(List<Draft> drafts, String idempotencyKey) {
    try {
      return publishAsync(drafts, idempotencyKey).join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause(); // always one of the documented runtime exceptions
    }
  }

  private static RuntimeException publishFailure(Throwable failure) {
    Throwable f =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (f instanceof PublishRefusedException || f instanceof IdempotencyConflictException) {
      return (RuntimeException) f;
    }
    if (f instanceof TimeoutException) {
      return new PublishOutcomeUnknownException("the event log did not answer in time", f);
    }
    // The log failed in a way it did not classify: it may have appended or not.
    return new PublishOutcomeUnknownException("the event log failed: " + f, f);
  }

  /** A log call that fails or hangs becomes a failed stage within the timeout, never a throw. */
  private <T> CompletableFuture<T> bounded(Supplier<CompletionStage<T>> call) {
    try {
      return call.get().toCompletableFuture().orTimeout(logTimeoutNanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * The one inbound path: the log hands on every event, this instance's or another's, in log order,
   * and the hub fans it out. Each event is encoded here once, only if anyone listens.
   */
  private void receive(List<Event> events) {
    for (Event e : events) {
      TopicBroadcaster b = topics.get(e.topic());
      if (b != null) {
        e.frame();
        b.deliver(e, fanoutRunners, writers);
      }
    }
    polls.deliver(events);
  }

  /**
   * A long-poll: answers at once with the retained events after {@code after} (at most {@code max})
   * or a gap, else with the first live events after it, else an empty list after {@code wait}.
   * Registered before its history is read, like a stream, so it misses nothing; a drain answers it
   * at once.
   *
   * @param after the client's cursor as sent, or {@code null} or empty to start at the newest
   * @param admission the place {@link #admit} gave, given back with the answer
   * @return completes with the answer, or exceptionally when the log could not be read
   * @throws Refusal when the hub began draining since the admission
   */
  public CompletableFuture<PollAnswer> poll(
      Set<String> pollTopics, String after, Duration wait, int max, Admission admission) {
    String cursor = after == null || after.isEmpty() ? null : after;
    WaitingPoll p = new WaitingPoll(pollTopics, EventId.parse(cursor), max);
    unlessDraining(admission, () -> polls.add(p));
    p.answer()
        .whenComplete(
            (answer, failure) -> {
              polls.remove(p);
              admission.close();
            });
    bounded(() -> log.read(EventId.parse(cursor), pollTopics))
        .whenComplete(
            (history, failure) -> {
              if (failure != null) {
                p.answer().completeExceptionally(failure);
                return;
              }
              StreamStart start = StreamStart.plan(history, cursor);
              if (start.gap() != null) counters.gaps.increment();
              p.start(start, history.newest(), wait);
            });
    return p.answer();
  }

  /** Long-polls waiting for events. */
  public int waitingPolls() {
    return polls.size();
  }

  /**
   * Opens a stream on {@code wire}: the opening frames, a gap notice when history cannot cover the
   * cursor, the retained events after it, then live events. The stream is registered first, so it
   * holds every live event from then on; its history is read after, with no lock held, and joined
   * to those events by id.
   *
   * @param lastEventId the client's cursor as sent, or {@code null} or empty for none
   * @param admission the place {@link #admit} gave; the stream gives it back when it ends, or this
   *     method does at once when the hub started draining meanwhile
   * @throws Refusal when the hub began draining since the admission
   */
  public Subscriber open(
      Set<String> streamTopics, String lastEventId, Admission admission, Wire wire) {
    return open(streamTopics, lastEventId, admission, wire, 0);
  }

  /**
   * {@link #open}, for a stream opened with a token: when the token expires the stream gets a
   * {@code reauth} event and ends, and its client comes back with a fresh token and its cursor.
   *
   * @param tokenExpiresAtMillis the token's {@code exp} (wall clock), or 0 for no token
   */
  public Subscriber open(
      Set<String> streamTopics,
      String lastEventId,
      Admission admission,
      Wire wire,
      long tokenExpiresAtMillis) {
    return open(
        streamTopics, lastEventId, admission, wire, tokenExpiresAtMillis, StreamFormat.PLAIN);
  }

  /** {@link #open(Set, String, Admission, Wire, long)}, writing events in {@code format}. */
  public Subscriber open(
      Set<String> streamTopics,
      String lastEventId,
      Admission admission,
      Wire wire,
      long tokenExpiresAtMillis,
      StreamFormat format) {
    String cursor = lastEventId == null || lastEventId.isEmpty() ? null : lastEventId;
    Subscriber s =
        new Subscriber(
            wire,
            streamTopics,
            admission,
            deadline(),
            expiry(tokenExpiresAtMillis),
            format,
            delivery);
    unlessDraining(
        admission,
        () -> {
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
        });
    bounded(() -> log.read(EventId.parse(cursor), streamTopics))
        .whenComplete(
            (history, failure) -> {
              if (failure != null) {
                LOG.log(
                    Level.WARNING, "Reading history for a new stream failed; ending it", failure);
                s.requestClose("history unavailable");
                return;
              }
              StreamStart start = StreamStart.plan(history, cursor);
              if (start.gap() != null) counters.gaps.increment();
              s.start(
                  start.opening(config.retry(), config.heartbeat(), streamTopics),
                  start.replay(),
                  history.newest());
            });
    return s;
  }

  /**
   * Takes a place for a stream of {@code client} (the principal, else the address; {@code null}
   * when unknown, which only the hub-wide limit counts) before anything is written, so a refusal
   * can still be an HTTP error; {@link #open} then uses the place, and whoever does not open a
   * stream with it must close it.
   *
   * @throws Refusal when the hub is draining, or the hub or the client is at its limit
   */
  public Admission admit(String client) {
    if (draining.get()) throw new Refusal(Refusal.Reason.DRAINING);
    // A stream could not read its history; refusing now lets the client see why, and when.
    if (!log.available()) throw new Refusal(Refusal.Reason.LOG_UNAVAILABLE);
    return limits.admit(client);
  }

  /**
   * Answers a stream whose only fault is an expired token: {@code retry} (slow, so a page that
   * never refreshes its token does not hammer), {@code connected} with the client's own cursor as
   * its id when it has one (never the newest: the browser's cursor must not skip what it has not
   * seen), then {@code reauth}, and the end. No replay and no gap: the client comes back with a
   * fresh token and resumes. It holds its admission until then, like any stream.
   *
   * @param lastEventId the client's cursor as sent, or {@code null}
   */
  public Subscriber reauthenticate(
      Set<String> streamTopics, String lastEventId, Admission admission, Wire wire) {
    Subscriber s =
        new Subscriber(wire, streamTopics, admission, 0, 0, StreamFormat.PLAIN, delivery);
    unlessDraining(admission, () -> subscribers.add(s));
    byte[] opening =
        StreamStart.connected(
            config.reauthRetry(), config.heartbeat(), streamTopics, EventId.parse(lastEventId));
    s.start(List.of(opening), List.of(), EventId.ZERO);
    s.endWith(REAUTH, "token expired");
    return s;
  }

  /**
   * A stream of no topic and nothing from the log, whose frames its caller sends: a diagnostics
   * stream. It is a stream like any other for the limits, heartbeats, stalls and drains; it opens
   * with {@code retry} and {@code connected} (no id: the client's cursor stays where it was).
   *
   * @param name what {@code connected} names as the stream's topic
   * @throws Refusal when the hub began draining since the admission
   */
  public Subscriber openProbe(String name, Admission admission, Wire wire) {
    Subscriber s = new Subscriber(wire, Set.of(), admission, 0, 0, StreamFormat.PLAIN, delivery);
    unlessDraining(admission, () -> subscribers.add(s));
    byte[] opening = StreamStart.connected(config.retry(), config.heartbeat(), Set.of(name), null);
    s.start(List.of(opening), List.of(), EventId.ZERO);
    return s;
  }

  /**
   * Registers a stream or a poll, ordered against a drain: once draining has begun, it gives the
   * admission back and refuses instead.
   */
  private void unlessDraining(Admission admission, Runnable register) {
    lock.lock();
    try {
      if (draining.get()) {
        admission.close();
        throw new Refusal(Refusal.Reason.DRAINING);
      }
      register.run();
    } finally {
      lock.unlock();
    }
  }

  /** Where a token's expiry falls on the monotonic clock the sweep reads. */
  private static long expiry(long expiresAtMillis) {
    if (expiresAtMillis == 0) return 0;
    long in = TimeUnit.MILLISECONDS.toNanos(expiresAtMillis - System.currentTimeMillis());
    return System.nanoTime() + in | 1; // never 0, which means "no token"
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
    subscribers.remove(s);
    s.admission().close();
    String reason = s.closeReason();
    if (reason.equals("too slow") || reason.equals("stalled")) {
      String client =
          s.admission().client() == null ? "an application sink" : s.admission().client();
      evictions.info(
          client,
          reason,
          "Dropped a stream of "
              + client
              + " ("
              + reason
              + "): it did not read its events in time; it may resume from history");
    }
    for (String t : s.topics()) {
      topics.computeIfPresent(t, (k, b) -> b.remove(s) ? null : b);
    }
  }

  /**
   * The hub's periodic work: heartbeats for idle streams, ending streams past their maximum
   * duration and dropping stalled subscribers. It never touches the log. Liberty's socket writes
   * block, so a spare writer thread stands in for each one a stalled client holds, up to the
   * configured spares, and healthy streams keep flowing.
   */
  public void sweep() {
    long now = System.nanoTime();
    long idle = config.heartbeat().toNanos();
    long stall = config.writeStall().toNanos();
    int stalled = 0;
    for (Subscriber s : subscribers) {
      if (s.stalled(now, stall)) {
        stalled++;
        if (s.markStalled()) counters.evict(Counters.Eviction.SLOW);
      } else if (s.tokenExpired(now)) {
        s.endWith(REAUTH, "token expired");
      } else if (s.pastDeadline(now)) {
        if (s.end("max duration")) counters.evict(Counters.Eviction.LIFETIME);
      } else {
        s.heartbeatIfIdle(now, idle);
      }
    }
    int writersWanted = baseWriters + Math.min(stalled, config.spareWriterThreads());
    if (writers.getCorePoolSize() != writersWanted && !writers.isShutdown()) {
      writers.setCorePoolSize(writersWanted);
    }
    lastSweepNanos = now;
  }

  /** When {@link #sweep} last finished; liveness checks that it keeps running. */
  public long lastSweepNanos() {
    return lastSweepNanos;
  }

  /**
   * Refuses new streams and ends the open ones one by one, spread evenly over {@code over}, so
   * their clients reconnect elsewhere without a thundering herd. Blocks until done; does nothing
   * when a drain has already begun.
   */
  public void drain(Duration over) {
    List<Subscriber> open;
    lock.lock();
    try {
      if (!draining.compareAndSet(false, true)) return;
      open = new ArrayList<>(subscribers);
    } finally {
      lock.unlock();
    }
    polls.answerAll();
    LOG.info(
        "Draining: ending "
            + open.size()
            + " stream(s) over "
            + over
            + " (counted as shutdown evictions); their clients reconnect elsewhere");
    Collections.shuffle(open);
    long start = System.nanoTime();
    for (int i = 0; i < open.size(); i++) {
      long at = start + over.toNanos() * i / open.size();
      for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      if (open.get(i).end("draining")) counters.evict(Counters.Eviction.SHUTDOWN);
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
    return limits.max();
  }

  /** The busiest topics by subscriber count, busiest first, of those {@code shown} lets through. */
  public List<TopicBroadcaster> busiest(int limit, Predicate<String> shown) {
    return topics.values().stream()
        .filter(b -> shown.test(b.topic()))
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

  /**
   * Refuses new streams, ends the open ones at once, waiting up to {@code waitMillis}, and closes
   * the log.
   */
  public void close(long waitMillis) {
    lock.lock();
    try {
      draining.set(true);
    } finally {
      lock.unlock();
    }
    polls.answerAll();
    int ended = 0;
    for (Subscriber s : subscribers) {
      if (s.end("shutdown")) {
        counters.evict(Counters.Eviction.SHUTDOWN);
        ended++;
      }
    }
    if (ended > 0) LOG.info("Shutting down: ended " + ended + " stream(s) still open");
    // Queued closes still run after shutdown(); later ones find the pool closed and end inline.
    writers.shutdown();
    try {
      writers.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      log.close();
    }
  }
}
