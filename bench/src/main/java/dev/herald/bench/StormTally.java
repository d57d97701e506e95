package dev.herald.bench;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What each subscriber of a reconnect storm received, in order. Across its two connections a
 * subscriber must see sequence numbers 0, 1, 2, ... once each: the events before the cut, the
 * missed ones its resumed stream replays from {@code Last-Event-ID}, then the first live event. Any
 * other order is a duplicate (a number at or below one already seen) or a skip (events missing).
 * Written by the subscriber thread; read by others after it has ended, except the two counts.
 */
final class StormTally {
  private final int missedFrom;
  private final int live;
  private final int[] next;
  private final int[] duplicates;
  private final int[] skipped;
  private final long[] caughtUpNanos;
  private final long[] liveNanos;
  private final AtomicInteger caughtUp = new AtomicInteger();
  private final AtomicInteger reachedLive = new AtomicInteger();

  /**
   * @param before events every subscriber saw before the cut (sequence numbers 0 to before - 1)
   * @param missed events published while they were away; the next one is the live event
   */
  StormTally(int subscribers, int before, int missed) {
    this.missedFrom = before;
    this.live = before + missed;
    this.next = new int[subscribers];
    this.duplicates = new int[subscribers];
    this.skipped = new int[subscribers];
    this.caughtUpNanos = new long[subscribers];
    this.liveNanos = new long[subscribers];
  }

  void delivered(int subscriber, int seq, long nanos) {
    int expected = next[subscriber];
    if (seq < expected) {
      duplicates[subscriber]++;
      return;
    }
    skipped[subscriber] += seq - expected;
    next[subscriber] = seq + 1;
    if (expected < live && seq + 1 >= live) {
      caughtUpNanos[subscriber] = nanos;
      caughtUp.incrementAndGet();
    }
    if (seq == live) {
      liveNanos[subscriber] = nanos;
      reachedLive.incrementAndGet();
    }
  }

  /** Subscribers that have received the last missed event (or anything after it). */
  int caughtUp() {
    return caughtUp.get();
  }

  /** Subscribers that have received the live event. */
  int reachedLive() {
    return reachedLive.get();
  }

  /** Every event up to and including the live one, once each, in order. */
  boolean exact(int subscriber) {
    return next[subscriber] == live + 1 && duplicates[subscriber] == 0 && skipped[subscriber] == 0;
  }

  /** Events up to the live one this subscriber never received. */
  int missing(int subscriber) {
    return skipped[subscriber] + Math.max(0, live + 1 - next[subscriber]);
  }

  int duplicates(int subscriber) {
    return duplicates[subscriber];
  }

  /** When it received the last missed event, or 0 if it never did. */
  long caughtUpNanos(int subscriber) {
    return caughtUpNanos[subscriber];
  }

  /** When it received the live event, or 0 if it never did. */
  long liveNanos(int subscriber) {
    return liveNanos[subscriber];
  }

  /** The sequence number of the first missed event. */
  int missedFrom() {
    return missedFrom;
  }
}
