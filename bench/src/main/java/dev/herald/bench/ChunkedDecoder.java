package dev.herald.bench;

/**
 * Incremental decoder of HTTP/1.1 chunked transfer coding. Chunk boundaries fall anywhere in what
 * one socket read returns (and SSE frames fall anywhere in chunks), so it keeps its state between
 * calls and hands the body on as ranges, copying nothing.
 */
final class ChunkedDecoder {
  private enum State {
    SIZE,
    EXTENSION,
    DATA,
    DATA_END,
    TRAILER_LINE_START,
    TRAILER_LINE,
    DONE
  }

  private State state = State.SIZE;
  private long remaining;

  /** Decodes {@code bytes[offset, offset+length)}; returns the bytes it consumed. */
  int feed(byte[] bytes, int offset, int length, ByteSink sink) {
    int pos = offset;
    int end = offset + length;
    while (pos < end && state != State.DONE) {
      switch (state) {
        case SIZE -> {
          byte b = bytes[pos++];
          int digit = Character.digit(b, 16);
          if (digit >= 0) {
            remaining = remaining * 16 + digit;
          } else if (b == ';') {
            state = State.EXTENSION;
          } else if (b == '\n') {
            state = remaining == 0 ? State.TRAILER_LINE_START : State.DATA;
          } else if (b != '\r' && b != ' ' && b != '\t') {
            throw new IllegalStateException("bad chunk size byte " + b);
          }
        }
        case EXTENSION -> {
          if (bytes[pos++] == '\n') {
            state = remaining == 0 ? State.TRAILER_LINE_START : State.DATA;
          }
        }
        case DATA -> {
          int n = (int) Math.min(remaining, end - pos);
          sink.accept(bytes, pos, n);
          pos += n;
          remaining -= n;
          if (remaining == 0) {
            state = State.DATA_END;
          }
        }
        case DATA_END -> {
          if (bytes[pos++] == '\n') {
            state = State.SIZE;
          }
        }
        case TRAILER_LINE_START -> {
          byte b = bytes[pos++];
          if (b == '\n') {
            state = State.DONE;
          } else if (b != '\r') {
            state = State.TRAILER_LINE;
          }
        }
        case TRAILER_LINE -> {
          if (bytes[pos++] == '\n') {
            state = State.TRAILER_LINE_START;
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    return pos - offset;
  }

  /** True once the last (zero-length) chunk and its trailers have been read. */
  boolean done() {
    return state == State.DONE;
  }

  void reset() {
    state = State.SIZE;
    remaining = 0;
  }
}
