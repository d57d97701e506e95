package dev.herald.hub;

import static dev.herald.api.JsonFactory.JSON;

import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/**
 * An event's data as it was published, kept once: JSON (as compact JSON text) or plain text. Text
 * {@code hello} and JSON {@code "hello"} are different data, though a plain stream shows both as
 * {@code data: hello}.
 *
 * @param json whether {@code text} is a JSON value rather than plain text
 * @param text compact JSON text, or the text itself
 */
public record EventData(boolean json, String text) {
  public EventData {
    if (text == null) throw new IllegalArgumentException("data text must not be null");
  }

  /** JSON data, already compact JSON text on one line. */
  public static EventData json(String compactJson) {
    return new EventData(true, compactJson);
  }

  public static EventData text(String text) {
    return new EventData(false, text);
  }

  /**
   * What a plain SSE stream sends after {@code data:}: a JSON string as its text, so a browser's
   * {@code EventSource} reads back what was published; any other JSON as it is.
   */
  String frameText() {
    if (!json || text.isEmpty() || text.charAt(0) != '"') return text;
    try (JsonParser p = JSON.createParser(new StringReader(text))) {
      p.next();
      return p.getString();
    }
  }

  /** UTF-16 units held, for the log's byte bound. */
  int length() {
    return text.length();
  }
}
