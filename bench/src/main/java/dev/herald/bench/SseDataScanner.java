package dev.herald.bench;

import java.nio.charset.StandardCharsets;

/**
 * Finds the {@code data:} lines of an SSE stream, incrementally. It keeps only the first {@link
 * #LINE_PREFIX} bytes of each line: the payload's sequence number and send time sit at its start,
 * and the padding after them needs no copying. Lines end at LF (an optional CR before it is
 * dropped); both Herald and nchan end lines that way. Like a browser's {@code EventSource} it
 * remembers the last event id, which a client resuming after a cut sends as {@code Last-Event-ID}.
 */
final class SseDataScanner implements ByteSink {
  /** Enough for {@code data: } plus two 20-digit numbers and their separators. */
  static final int LINE_PREFIX = 64;

  /** Receives the value of one {@code data:} line (possibly cut to the prefix). */
  interface DataListener {
    void onData(byte[] line, int offset, int length);

    /** The value of an {@code event:} line (the event's type). */
    default void onEventType(byte[] line, int offset, int length) {}
  }

  private final byte[] line = new byte[LINE_PREFIX];
  private final DataListener listener;
  private int length;
  // The id field sets the last-event-id buffer; a blank line (an event's end) commits it. Kept as
  // bytes: the fan-out scenarios parse a million events a second and should allocate nothing.
  private final byte[] idBuffer = new byte[LINE_PREFIX];
  private int idBufferLength = -1;
  private final byte[] lastId = new byte[LINE_PREFIX];
  private int lastIdLength = -1;

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

  /** The id of the last event received, or null before any had one. */
  String lastEventId() {
    return lastIdLength < 0 ? null : new String(lastId, 0, lastIdLength, StandardCharsets.UTF_8);
  }

  /** Forgets a line cut short by a closed connection; the last event id stays. */
  void restart() {
    length = 0;
    idBufferLength = lastIdLength;
    System.arraycopy(lastId, 0, idBuffer, 0, Math.max(0, lastIdLength));
  }

  private void endLine() {
    int len = length;
    length = 0;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    if (len == 0) {
      lastIdLength = idBufferLength;
      System.arraycopy(idBuffer, 0, lastId, 0, Math.max(0, idBufferLength));
      return;
    }
    if (startsWith("id:", len)) {
      int start = valueStart(3, len);
      idBufferLength = len - start;
      System.arraycopy(line, start, idBuffer, 0, idBufferLength);
    } else if (startsWith("event:", len)) {
      int start = valueStart(6, len);
      listener.onEventType(line, start, len - start);
    } else if (len >= 5
        && line[0] == 'd'
        && line[1] == 'a'
        && line[2] == 't'
        && line[3] == 'a'
        && line[4] == ':') {
      int start = len > 5 && line[5] == ' ' ? 6 : 5;
      listener.onData(line, start, len - start);
    }
  }

  private boolean startsWith(String field, int len) {
    if (len < field.length()) {
      return false;
    }
    for (int i = 0; i < field.length(); i++) {
      if (line[i] != field.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Where a field's value starts: after its colon and one optional space. */
  private int valueStart(int colonEnd, int len) {
    return len > colonEnd && line[colonEnd] == ' ' ? colonEnd + 1 : colonEnd;
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
