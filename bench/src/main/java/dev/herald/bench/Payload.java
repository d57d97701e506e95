package dev.herald.bench;

/**
 * The event payload: {@code <seq>:<sendNanos>:} padded with {@code x} to a fixed size. The send
 * time is {@link System#nanoTime()} of the generator, which reads the same monotonic clock as every
 * other process on the machine, so a subscriber can compute publish-to-deliver latency from it.
 */
final class Payload {
  private static final byte SEPARATOR = ':';
  private static final byte PADDING = 'x';

  private Payload() {}

  /** Writes the payload into {@code out} at {@code offset}; returns the number of bytes written. */
  static int encode(long seq, long sendNanos, int size, byte[] out, int offset) {
    int pos = offset;
    pos = writeLong(seq, out, pos);
    out[pos++] = SEPARATOR;
    pos = writeLong(sendNanos, out, pos);
    out[pos++] = SEPARATOR;
    int end = Math.max(pos, offset + size);
    while (pos < end) {
      out[pos++] = PADDING;
    }
    return pos - offset;
  }

  /** The largest payload {@link #encode} writes for this configured size. */
  static int maxLength(int size) {
    return Math.max(size, 2 * 20 + 2);
  }

  /**
   * Reads a payload from {@code line[off, off+len)}. Returns false for anything else (Herald's
   * {@code connected} JSON, for instance); on success the values are in {@code out[0]} (seq) and
   * {@code out[1]} (send nanos).
   */
  static boolean decode(byte[] line, int off, int len, long[] out) {
    int end = off + len;
    int pos = off;
    // Published to Herald as JSON, the payload arrives as a JSON string.
    if (pos < end && line[pos] == '"') {
      pos++;
    }
    long seq = 0;
    int digits = 0;
    while (pos < end && isDigit(line[pos])) {
      seq = seq * 10 + (line[pos++] - '0');
      digits++;
    }
    if (digits == 0 || pos >= end || line[pos++] != SEPARATOR) {
      return false;
    }
    boolean negative = pos < end && line[pos] == '-';
    if (negative) {
      pos++;
    }
    long nanos = 0;
    digits = 0;
    while (pos < end && isDigit(line[pos])) {
      nanos = nanos * 10 + (line[pos++] - '0');
      digits++;
    }
    if (digits == 0 || pos >= end || line[pos] != SEPARATOR) {
      return false;
    }
    out[0] = seq;
    out[1] = negative ? -nanos : nanos;
    return true;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static int writeLong(long value, byte[] out, int pos) {
    // Long.toString without the garbage: the publisher encodes thousands of these per second.
    if (value < 0) {
      out[pos++] = '-';
      if (value == Long.MIN_VALUE) {
        throw new IllegalArgumentException("out of range");
      }
      value = -value;
    }
    int start = pos;
    do {
      out[pos++] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    for (int i = start, j = pos - 1; i < j; i++, j--) {
      byte t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return pos;
  }
}
