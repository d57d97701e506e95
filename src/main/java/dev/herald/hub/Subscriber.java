package dev.herald.hub;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open stream. Publishers only enqueue shared frames into a bounded queue; a writer thread
 * drains it, writing every pending frame and then flushing once. A subscriber that cannot keep up
 * is closed instead of slowing anyone else; its client resumes from history.
 *
 * <p>A stream joins in two steps, so the log is read without a lock: it is registered first and
 * holds the live events that arrive, then its history is read and it {@linkplain #start starts}
 * with the replay, followed by the held events that the history did not cover.
 */
public final class Subscriber implements Runnable {
  private static final Logger LOG = Logger.getLogger(Subscriber.class.getName());

  /**
   * Frames written before the thread moves on to other subscribers, so one busy stream can't hog
   * it.
   */
  private static final int FAIR_SHARE = 512;

  /** What every subscriber of one hub shares: one reference per stream instead of five. */
  record Delivery(
      Executor writers,
      Counters counters,
      int maxEvents,
      long maxBytes,
      Consumer<Subscriber> onClosed) {}

  private final Wire wire;
  private final Set<String> topics;
  private final Admission admission;
  private final long deadlineNanos;
  private final long tokenExpiryNanos;
  private final Delivery delivery;
  private final StreamFormat format;

  // Guarded by this.
  private final FrameQueue queue;
  private boolean scheduled;
  private boolean heartbeatDue;
  private String closeReason;
  private boolean closed;
  private boolean joining = true;
  private List<Event> held;

  /** The last frame, written before a clean end (the {@code reauth} event), or {@code null}. */
  private byte[] farewell;

  /** Events up to this id came with the history (or before the stream); live ones are after it. */
  private EventId floor;

  // Owned by the writer thread; set before the subscriber is first scheduled.
  private static final byte[][] NO_FRAMES = new byte[0][];
  private byte[][] preface = NO_FRAMES;
  private int prefacePos;
  private List<Event> replay = List.of();
  private int replayPos;

  private volatile long lastWriteNanos = System.nanoTime();

  /**
   * When the last write began or progressed, or 0 when idle: a long-blocked write means a stalled
   * client.
   */
  private volatile long busySinceNanos;

  /**
   * @param admission the stream's place, given back when it ends
   * @param deadlineNanos when the stream ends by itself ({@link System#nanoTime}), or 0 for never
   * @param tokenExpiryNanos when the token that opened it expires ({@link System#nanoTime}), or 0
   */
  Subscriber(
      Wire wire,
      Set<String> topics,
      Admission admission,
      long deadlineNanos,
      long tokenExpiryNanos,
      StreamFormat format,
      Delivery delivery) {
    this.wire = wire;
    this.format = format;
    this.topics = topics;
    this.admission = admission;
    this.deadlineNanos = deadlineNanos;
    this.tokenExpiryNanos = tokenExpiryNanos;
    this.delivery = delivery;
    this.queue = new FrameQueue(delivery.maxEvents(), delivery.maxBytes());
  }

  /**
   * What the stream starts with, ahead of anything live: its opening frames, then its replay, then
   * the live events held while joining that came after {@code covered}.
   *
   * @param covered the newest id the history read could see
   */
  void start(List<byte[]> opening, List<Event> replay, EventId covered) {
    synchronized (this) {
      if (closeReason != null) return;
      this.preface = opening.toArray(new byte[0][]);
      this.replay = replay;
      floor = covered;
      joining = false;
      if (held != null) {
        for (Event e : held) queueLive(e);
        held = null;
      }
    }
    schedule();
  }

  public Set<String> topics() {
    return topics;
  }

  Admission admission() {
    return admission;
  }

  /**
   * Queues a live event; the hot path of every delivery, so once joined it allocates nothing.
   *
   * @return true when the subscriber was idle: the caller must hand it to a writer
   */
  boolean enqueue(Event e) {
    synchronized (this) {
      if (closeReason != null) return false;
      if (joining) {
        if (held == null) held = new ArrayList<>();
        if (held.size() < delivery.maxEvents()) held.add(e);
        else tooSlow();
        return false;
      }
      if (!queueLive(e) || scheduled) return false;
      scheduled = true;
      return true;
    }
  }

  /** Queues an event the history did not cover; false when there was nothing to queue. */
  private boolean queueLive(Event e) {
    // A remote log's reader may hand on events the history read already returned.
    if (!e.id().isAfter(floor)) return false;
    if (!queue.offer(format.frame(e), e.createdMillis())) tooSlow();
    return true;
  }

  private void tooSlow() {
    closeReason = "too slow";
    delivery.counters().evict(Counters.Eviction.SLOW);
  }

  /** Asks for a heartbeat if nothing was written for {@code idleNanos}. */
  void heartbeatIfIdle(long nowNanos, long idleNanos) {
    if (nowNanos - lastWriteNanos < idleNanos) return;
    synchronized (this) {
      if (closeReason != null || joining) return; // nothing may go ahead of the opening frames
      heartbeatDue = true;
    }
    schedule();
  }

  /** True when a write has been blocked for {@code stallNanos}: the client stopped reading. */
  boolean stalled(long nowNanos, long stallNanos) {
    long since = busySinceNanos;
    return since != 0 && nowNanos - since > stallNanos;
  }

  /** Marks a stalled subscriber for closing; true the first time, so it is counted once. */
  synchronized boolean markStalled() {
    if (closeReason != null) return false;
    closeReason = "stalled";
    return true;
  }

  boolean pastDeadline(long nowNanos) {
    return deadlineNanos != 0 && nowNanos - deadlineNanos > 0;
  }

  boolean tokenExpired(long nowNanos) {
    return tokenExpiryNanos != 0 && nowNanos - tokenExpiryNanos > 0;
  }

  /**
   * Ends the stream cleanly with one last frame: whatever of the opening is still unwritten, then
   * {@code last}. For {@code reauth}, which a client must see before the stream ends, and a
   * diagnostics stream's {@code done}.
   */
  public void endWith(byte[] last, String reason) {
    synchronized (this) {
      if (closeReason != null) return;
      closeReason = reason;
      farewell = last;
    }
    schedule();
  }

  /**
   * Queues a frame of the caller's own, outside the log: a diagnostics stream's probes.
   *
   * @return false when the stream has ended, or just ended because its queue was full
   */
  public boolean send(byte[] frame) {
    boolean queued;
    synchronized (this) {
      if (closeReason != null) return false;
      queued = queue.offer(frame, System.currentTimeMillis());
      // A full queue ends the stream as an event's would: a writer must still run to close it.
      if (!queued) tooSlow();
      if (scheduled) return queued;
      scheduled = true;
    }
    dispatch();
    return queued;
  }

  /** Ends the stream cleanly after the frame being written, if any; the client then reconnects. */
  public void requestClose(String reason) {
    end(reason);
  }

  /**
   * {@link #requestClose}, telling whether this call is what ended the stream (so each ending is
   * counted once, by its first reason).
   */
  boolean end(String reason) {
    boolean first;
    synchronized (this) {
      first = closeReason == null;
      if (first) closeReason = reason;
    }
    schedule();
    return first;
  }

  private void schedule() {
    synchronized (this) {
      if (scheduled) return;
      scheduled = true;
    }
    dispatch();
  }

  /** Hands this scheduled subscriber to a writer thread. */
  void dispatch() {
    try {
      delivery.writers().execute(this);
    } catch (RejectedExecutionException e) {
      // The pool is shutting down: nobody will write again, so end the stream here.
      finish();
    }
  }

  @Override
  public void run() {
    busySinceNanos = System.nanoTime();
    try {
      int budget = FAIR_SHARE;
      boolean dirty = false;
      while (budget > 0) {
        if (closing()) {
          finish();
          return;
        }
        int n = writeBacklog(budget);
        if (n == 0) n = writeQueued(budget);
        if (n == 0 && takeHeartbeat()) {
          write(Frames.heartbeat());
          n = 1;
        }
        if (n > 0) {
          dirty = true;
          budget -= n;
          continue;
        }
        if (dirty) {
          wire.flush();
          lastWriteNanos = System.nanoTime();
          dirty = false;
          continue; // frames may have arrived during the flush
        }
        synchronized (this) {
          if (queue.size() == 0 && !heartbeatDue && closeReason == null) {
            scheduled = false;
            busySinceNanos = 0;
            return;
          }
        }
      }
      if (dirty) {
        wire.flush();
        lastWriteNanos = System.nanoTime();
      }
      busySinceNanos = 0;
      dispatch(); // still scheduled: go to the back of the line
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Stream write failed; closing it", e);
      synchronized (this) {
        if (closeReason == null) closeReason = "write failed";
      }
      finish();
    }
  }

  private synchronized boolean closing() {
    return closeReason != null;
  }

  private synchronized boolean takeHeartbeat() {
    boolean due = heartbeatDue;
    heartbeatDue = false;
    return due;
  }

  /** A slow link makes progress write by write; a client that stopped reading makes none. */
  private void write(byte[] frame) throws IOException {
    wire.write(frame);
    busySinceNanos = System.nanoTime();
  }

  private int writeBacklog(int budget) throws IOException {
    int n = 0;
    while (n < budget && prefacePos < preface.length) {
      write(preface[prefacePos++]);
      n++;
    }
    if (prefacePos == preface.length && prefacePos > 0) {
      preface = NO_FRAMES; // idle streams should hold nothing they no longer need
      prefacePos = 0;
    }
    int replayed = 0;
    while (n < budget && replayPos < replay.size()) {
      write(format.frame(replay.get(replayPos++)));
      n++;
      replayed++;
    }
    if (replayed > 0) delivery.counters().replayed.add(replayed);
    if (replayPos == replay.size() && replayPos > 0) {
      replay = List.of(); // let the replayed events go once written
      replayPos = 0;
    }
    return n;
  }

  /** Writes queued frames without holding the lock; the producer only ever appends behind them. */
  private int writeQueued(int budget) throws IOException {
    byte[][] slots;
    int head;
    int n;
    long newestBorn;
    synchronized (this) {
      slots = queue.slots();
      head = queue.head();
      n = Math.min(queue.size(), budget);
      newestBorn = n > 0 ? queue.bornMillis(head + n - 1) : 0;
    }
    long written = 0;
    for (int i = 0; i < n; i++) {
      byte[] frame = FrameQueue.at(slots, head, i);
      write(frame);
      written += frame.length;
    }
    synchronized (this) {
      queue.release(n, written);
    }
    // A diagnostics stream (no topic) carries probes, not events: they are neither counted nor
    // timed.
    if (n > 0 && !topics.isEmpty()) {
      Counters c = delivery.counters();
      c.delivered.add(n);
      // One sample per batch written, not per frame: the newest frame waited the least.
      c.latency.accept(System.currentTimeMillis() - newestBorn);
    }
    return n;
  }

  private void finish() {
    synchronized (this) {
      if (closed) return;
      closed = true;
      if (closeReason == null) closeReason = "closed";
      queue.clear();
      held = null;
    }
    replay = List.of();
    sayFarewell();
    busySinceNanos = 0;
    try {
      wire.close();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Ending a stream whose connection is already gone", e);
    } finally {
      // Whatever the container did, the hub must forget the stream, or it would count for ever.
      delivery.onClosed().accept(this);
    }
  }

  /** Writes the unwritten opening and the farewell, if the stream is ending with one. */
  private void sayFarewell() {
    byte[] last;
    synchronized (this) {
      last = farewell;
      farewell = null;
    }
    if (last == null) return;
    try {
      while (prefacePos < preface.length) write(preface[prefacePos++]);
      write(last);
      wire.flush();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "The last frame of a stream did not reach its client", e);
    }
  }

  public synchronized String closeReason() {
    return closeReason;
  }

  public synchronized boolean isClosed() {
    return closeReason != null;
  }
}
