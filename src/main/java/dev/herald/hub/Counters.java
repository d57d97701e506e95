package dev.herald.hub;

import java.util.concurrent.atomic.LongAdder;

/** Hub-wide traffic counts; adders so writer threads never contend on one cache line. */
public final class Counters {
  final LongAdder published = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder dropped = new LongAdder();

  public long published() {
    return published.sum();
  }

  public long delivered() {
    return delivered.sum();
  }

  /** Subscribers disconnected because they could not keep up. */
  public long dropped() {
    return dropped.sum();
  }
}
