package dev.herald.hub;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Hub-wide traffic counts; adders so writer threads never contend on one cache line, and nothing on
 * the delivery path allocates. Metrics and {@code herald/stats} read them; they never reset.
 */
public final class Counters {
  /** Why a stream was refused before it opened. */
  public enum Rejection {
    LIMIT("limit"),
    PER_CLIENT("per-client"),
    AUTH("auth"),
    RATE("rate"),
    DRAINING("draining"),
    UNAVAILABLE("unavailable");

    private final String label;

    Rejection(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Why the hub ended an open stream. */
  public enum Eviction {
    /** The client could not keep up, or stopped reading ("too slow", "stalled"). */
    SLOW("slow"),
    /** {@code herald.stream.max-duration} ran out. */
    LIFETIME("lifetime"),
    /** Draining or shutting down. */
    SHUTDOWN("shutdown");

    private final String label;

    Eviction(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  final LongAdder published = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder replayed = new LongAdder();
  final LongAdder gaps = new LongAdder();
  private final LongAdder[] rejected = adders(Rejection.values().length);
  private final LongAdder[] evicted = adders(Eviction.values().length);

  /** Publish-to-write latency in millis, sampled by writers; a no-op until metrics listen. */
  volatile LongConsumer latency = millis -> {};

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) a[i] = new LongAdder();
    return a;
  }

  /** Events this instance accepted from its publishers (repeats of an idempotency key not). */
  public long published() {
    return published.sum();
  }

  /** Live events written to streams; not replays, not a stream's opening frames. */
  public long delivered() {
    return delivered.sum();
  }

  /** Retained events written to resuming streams. */
  public long replayed() {
    return replayed.sum();
  }

  /** {@code gap} notices sent. */
  public long gaps() {
    return gaps.sum();
  }

  /** Subscribers disconnected because they could not keep up. */
  public long dropped() {
    return evicted(Eviction.SLOW);
  }

  public void reject(Rejection why) {
    rejected[why.ordinal()].increment();
  }

  public long rejected(Rejection why) {
    return rejected[why.ordinal()].sum();
  }

  void evict(Eviction why) {
    evicted[why.ordinal()].increment();
  }

  public long evicted(Eviction why) {
    return evicted[why.ordinal()].sum();
  }

  /** Where writers report publish-to-write latency samples, in millis. */
  public void onLatency(LongConsumer sink) {
    latency = sink;
  }
}
