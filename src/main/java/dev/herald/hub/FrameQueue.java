package dev.herald.hub;

/**
 * A subscriber's bounded queue of shared frames, capped in frames and bytes. It is a ring that
 * grows on demand, so idle streams stay small. Not thread-safe: its subscriber guards it, and
 * writes the oldest frames without the lock (the producer only ever appends behind them) before
 * releasing them.
 */
final class FrameQueue {
  private final int maxFrames;
  private final long maxBytes;
  private byte[][] ring = new byte[8][];

  /** When each frame's event was published (wall clock millis), for the latency metric. */
  private long[] born = new long[8];

  private int head;
  private int count;
  private long bytes;

  FrameQueue(int maxFrames, long maxBytes) {
    this.maxFrames = maxFrames;
    this.maxBytes = maxBytes;
  }

  /**
   * @return false when the frame does not fit: the subscriber is not keeping up
   */
  boolean offer(byte[] frame, long bornMillis) {
    if (count >= maxFrames || (count > 0 && bytes + frame.length > maxBytes)) return false;
    if (count == ring.length) grow();
    ring[(head + count) % ring.length] = frame;
    born[(head + count) % ring.length] = bornMillis;
    count++;
    bytes += frame.length;
    return true;
  }

  private void grow() {
    byte[][] bigger = new byte[Math.min(ring.length * 2, maxFrames)][];
    long[] bornToo = new long[bigger.length];
    for (int i = 0; i < count; i++) {
      bigger[i] = ring[(head + i) % ring.length];
      bornToo[i] = born[(head + i) % ring.length];
    }
    ring = bigger;
    born = bornToo;
    head = 0;
  }

  int size() {
    return count;
  }

  /** The ring as it is now; with {@link #head()}, where a writer finds the oldest frames. */
  byte[][] slots() {
    return ring;
  }

  int head() {
    return head;
  }

  /**
   * The {@code i}-th oldest frame of a ring read earlier from {@link #slots()} and {@link #head()}.
   */
  static byte[] at(byte[][] slots, int head, int i) {
    return slots[(head + i) % slots.length];
  }

  /**
   * When the frame at ring position {@code i} (counted from slot 0, like {@link #head()} plus an
   * offset) was published; read by the writer before it releases that frame.
   */
  long bornMillis(int i) {
    return born[i % born.length];
  }

  /** Drops the {@code n} oldest frames, written by now, of {@code written} bytes in all. */
  void release(int n, long written) {
    for (int i = 0; i < n; i++) {
      ring[head] = null;
      head = (head + 1) % ring.length;
    }
    count -= n;
    bytes -= written;
  }

  /** Lets every frame go: the stream has ended. */
  void clear() {
    ring = new byte[1][];
    born = new long[1];
    head = 0;
    count = 0;
    bytes = 0;
  }
}
