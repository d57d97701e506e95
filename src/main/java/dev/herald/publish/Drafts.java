package dev.herald.publish;

import dev.herald.api.EventTypes;
import dev.herald.api.Problem;
import dev.herald.api.TopicNames;
import dev.herald.hub.Draft;
import dev.herald.hub.EventData;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.Response.Status;
import java.nio.charset.StandardCharsets;

/** Turns what a publisher sent into a checked {@link Draft}; one rule set for every way in. */
final class Drafts {
  private Drafts() {}

  /**
   * A draft for the hub; Herald's own {@code herald/} feeds are live-only, never kept for replay.
   *
   * @param where names the event in error details, e.g. {@code "[3]."} in a batch
   */
  static Draft of(String where, String topic, String type, EventData data, int maxBytes) {
    TopicNames.check(where + "topic", topic);
    String checkedType = EventTypes.check(where + "type", type);
    String text = data.text();
    // Cheap bound first: a UTF-8 char takes at most 3 bytes per UTF-16 unit.
    if ((long) text.length() * 3 > maxBytes
        && text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw Problem.of(
          Status.REQUEST_ENTITY_TOO_LARGE,
          "event-too-large",
          where + "data is larger than " + maxBytes + " bytes (herald.event.max-bytes)");
    }
    return new Draft(topic, checkedType, data, null, !TopicNames.isReserved(topic));
  }

  /** JSON data as published, compact on one line. */
  static EventData data(JsonValue value) {
    return EventData.json(value.toString());
  }

  /** Data given by application code: strings as text, JSON values, or objects via JSON-B. */
  static EventData data(Object data) {
    if (data == null) return data(JsonValue.NULL);
    if (data instanceof String s) return EventData.text(s);
    if (data instanceof JsonValue v) return data(v);
    return EventData.json(Binding.JSONB.toJson(data));
  }

  /** Created on first use: most events never need JSON-B. */
  private static final class Binding {
    static final Jsonb JSONB = JsonbBuilder.create();
  }
}
