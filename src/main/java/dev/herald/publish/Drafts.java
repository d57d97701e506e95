package dev.herald.publish;

import dev.herald.api.EventTypes;
import dev.herald.api.Problem;
import dev.herald.api.TopicNames;
import dev.herald.hub.Draft;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.Response.Status;
import java.nio.charset.StandardCharsets;

/** Turns what a publisher sent into a checked {@link Draft}; one rule set for every way in. */
final class Drafts {
  private Drafts() {}

  /**
   * @param where names the event in error details, e.g. {@code "[3]."} in a batch
   * @param data the text to send after {@code data:}
   */
  static Draft of(String where, String topic, String type, String data, int maxBytes) {
    TopicNames.check(where + "topic", topic);
    String checkedType = EventTypes.check(where + "type", type);
    // Cheap bound first: a UTF-8 char takes at most 3 bytes per UTF-16 unit.
    if ((long) data.length() * 3 > maxBytes
        && data.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw Problem.of(
          Status.REQUEST_ENTITY_TOO_LARGE,
          "event-too-large",
          where + "data is larger than " + maxBytes + " bytes (herald.event.max-bytes)");
    }
    return new Draft(topic, checkedType, data);
  }

  /** A JSON string is sent as its text; anything else as compact JSON on one line. */
  static String text(JsonValue value) {
    return value instanceof JsonString s ? s.getString() : value.toString();
  }

  /** Data given by application code: strings as they are, JSON values, or objects via JSON-B. */
  static String text(Object data) {
    if (data == null) return "null";
    if (data instanceof String s) return s;
    if (data instanceof JsonValue v) return text(v);
    return Binding.JSONB.toJson(data);
  }

  /** Created on first use: most events never need JSON-B. */
  private static final class Binding {
    static final Jsonb JSONB = JsonbBuilder.create();
  }
}
