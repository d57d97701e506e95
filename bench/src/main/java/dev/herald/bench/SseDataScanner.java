package dev.herald.bench;

/**
 * Finds the {@code data:} lines of an SSE stream, incrementally. It keeps only the first {@link
 * #LINE_PREFIX} bytes of each line: the payload's sequence number and send time sit at its start,
 * and the padding after them needs no copying. Lines end at LF (an optional CR before it is
 * dropped); both Herald and nchan end lines that way.
 */
final class SseDataScanner implements ByteSink {
  /** Enough for {@code data: } plus two 20-digit numbers and their separators. */
  static final int LINE_PREFIX = 64;

  /** Receives the value of one {@code data:} line (possibly cut to the prefix). */
  interface DataListener {
    void onData(byte[] line, int offset, int length);
  }

  private final byte[] line = new byte[LINE_PREFIX];
  private final DataListener listener;
  private int length;

  SseDataScanner(DataListener listener) {
    this.listener = listener;
  }

  @Override
  public void accept(byte[] bytes, int offset, int count) {
    int pos = offset;
    int end = offset + count;
    while (pos < end) {
      int lf = indexOfLf(bytes, pos, end);
      int stop = lf < 0 ? end : lf;
      int copy = Math.min(stop - pos, LINE_PREFIX - length);
      if (copy > 0) {
        System.arraycopy(bytes, pos, line, length, copy);
        length += copy;
      }
      if (lf < 0) {
        return;
      }
      endLine();
      pos = lf + 1;
    }
  }

  private void endLine() {
    int len = length;
    length = 0;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    if (len >= 5
        && line[0] == 'd'
        && line[1] == 'a'
        && line[2] == 't'
        && line[3] == 'a'
        && line[4] == ':') {
      int start = len > 5 && line[5] == ' ' ? 6 : 5;
      listener.onData(line, start, len - start);
    }
  }

  private static int indexOfLf(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
