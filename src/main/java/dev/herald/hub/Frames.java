package dev.herald.hub;

import java.nio.charset.StandardCharsets;

/**
 * Encodes events into spec-exact SSE frames (WHATWG HTML, "server-sent events"). Each event is
 * encoded once; the bytes are then shared by every subscriber.
 */
public final class Frames {
  /** The type a browser's {@code EventSource} dispatches by default; it needs no event line. */
  public static final String DEFAULT_TYPE = "message";

  private static final byte[] HEARTBEAT = ": hb\n\n".getBytes(StandardCharsets.US_ASCII);

  private Frames() {}

  /** A frame with an id line, an event line unless the type is the default, and the data. */
  public static byte[] event(String id, String type, String data) {
    StringBuilder b = new StringBuilder(data.length() + 48);
    if (id != null) field(b, "id", id);
    if (type != null && !type.equals(DEFAULT_TYPE)) field(b, "event", type);
    data(b, data);
    return b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The first frame of a stream: the reconnect delay, then the {@code connected} event.
   *
   * @param id the resume point, or {@code null} for no id line (the client's cursor stays as it is)
   */
  public static byte[] opening(long retryMillis, String id, String data) {
    StringBuilder b = new StringBuilder(data.length() + 64);
    b.append("retry: ").append(retryMillis).append('\n');
    if (id != null) field(b, "id", id);
    field(b, "event", "connected");
    data(b, data);
    return b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A comment line: ignored by clients, but it keeps proxies from timing out an idle stream. */
  public static byte[] heartbeat() {
    return HEARTBEAT;
  }

  private static void field(StringBuilder b, String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        // A line break would let the value start a field of its own (field injection).
        throw new IllegalArgumentException(name + " must not contain CR, LF or NUL");
      }
    }
    b.append(name).append(": ").append(value).append('\n');
  }

  /**
   * Every CR, LF or CRLF in data starts a new data line, so a client reads the text back exactly.
   */
  private static void data(StringBuilder b, String data) {
    int start = 0;
    int i = 0;
    while (i < data.length()) {
      char c = data.charAt(i);
      if (c == '\r' || c == '\n') {
        b.append("data: ").append(data, start, i).append('\n');
        i += (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') ? 2 : 1;
        start = i;
      } else {
        i++;
      }
    }
    b.append("data: ").append(data, start, data.length()).append('\n');
  }
}
