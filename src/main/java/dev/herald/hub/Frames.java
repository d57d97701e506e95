package dev.herald.hub;

import jakarta.ws.rs.sse.OutboundSseEvent;
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

  /** The first frame of a stream: the reconnect delay, then the {@code connected} event. */
  public static byte[] opening(long retryMillis, String id, String data) {
    StringBuilder b = new StringBuilder(data.length() + 64);
    b.append("retry: ").append(retryMillis).append('\n');
    field(b, "id", id);
    field(b, "event", "connected");
    data(b, data);
    return b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A frame for an event built with the standard {@code Sse.newEventBuilder()}. Data that is not a
   * string is written with {@code toString()}: Herald's own events arrive as JSON text already.
   */
  public static byte[] outbound(OutboundSseEvent e) {
    StringBuilder b = new StringBuilder(64);
    if (e.getComment() != null) {
      forEachLine(e.getComment(), (s, from, to) -> b.append(": ").append(s, from, to).append('\n'));
    }
    if (e.isReconnectDelaySet()) b.append("retry: ").append(e.getReconnectDelay()).append('\n');
    if (e.getId() != null) field(b, "id", e.getId());
    if (e.getName() != null && !e.getName().equals(DEFAULT_TYPE)) field(b, "event", e.getName());
    if (e.getData() != null) data(b, String.valueOf(e.getData()));
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
    forEachLine(data, (s, from, to) -> b.append("data: ").append(s, from, to).append('\n'));
  }

  private interface LineSink {
    void line(String s, int from, int to);
  }

  private static void forEachLine(String s, LineSink sink) {
    int start = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n') {
        sink.line(s, start, i);
        i += (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') ? 2 : 1;
        start = i;
      } else {
        i++;
      }
    }
    sink.line(s, start, s.length());
  }
}
