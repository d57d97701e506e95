package dev.herald.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Incremental parser of an HTTP/1.1 response head (status line and headers). It reads only what the
 * harness needs: the status, how the body is framed and whether the server closes afterwards.
 */
final class ResponseHead {
  private static final int MAX_HEAD = 16 * 1024;

  private byte[] buffer = new byte[512];
  private int length;
  private boolean complete;
  private int status;
  private boolean chunked;
  private long contentLength = -1;
  private boolean closeAfter;

  /**
   * Consumes head bytes from {@code bytes[offset, offset+count)}; returns how many it used (it
   * stops right after the blank line that ends the head).
   */
  int feed(byte[] bytes, int offset, int count) {
    int pos = offset;
    int end = offset + count;
    while (pos < end && !complete) {
      if (length == buffer.length) {
        if (length >= MAX_HEAD) {
          throw new IllegalStateException("response head over " + MAX_HEAD + " bytes");
        }
        buffer = Arrays.copyOf(buffer, length * 2);
      }
      byte b = bytes[pos++];
      buffer[length++] = b;
      if (b == '\n' && endsWithBlankLine()) {
        complete = true;
        parse();
      }
    }
    return pos - offset;
  }

  private boolean endsWithBlankLine() {
    return (length >= 2 && buffer[length - 2] == '\n')
        || (length >= 3 && buffer[length - 2] == '\r' && buffer[length - 3] == '\n');
  }

  private void parse() {
    String[] lines = new String(buffer, 0, length, StandardCharsets.ISO_8859_1).split("\r?\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
      throw new IllegalStateException("not an HTTP response: " + lines[0]);
    }
    status = Integer.parseInt(statusLine[1]);
    closeAfter = statusLine[0].equals("HTTP/1.0");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "content-length" -> contentLength = Long.parseLong(value);
        case "connection" -> closeAfter = value.contains("close");
        default -> {}
      }
    }
  }

  boolean complete() {
    return complete;
  }

  int status() {
    return status;
  }

  boolean chunked() {
    return chunked;
  }

  /** The declared body length, or -1 when the head gave none. */
  long contentLength() {
    return contentLength;
  }

  boolean closeAfter() {
    return closeAfter;
  }

  void reset() {
    length = 0;
    complete = false;
    status = 0;
    chunked = false;
    contentLength = -1;
    closeAfter = false;
    if (buffer.length > 512) {
      buffer = new byte[512];
    }
  }
}
