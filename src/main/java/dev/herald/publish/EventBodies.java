package dev.herald.publish;

import static dev.herald.api.JsonFactory.JSON;

import dev.herald.api.Problem;
import dev.herald.hub.Draft;
import dev.herald.hub.EventData;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads publish request bodies; every refusal names the field at fault. */
final class EventBodies {
  private EventBodies() {}

  /** Deeper than any event needs, and shallow enough that no parser recursion can overflow. */
  static final int MAX_DEPTH = 64;

  static JsonValue parse(byte[] body) {
    if (body.length == 0) throw Problem.badRequest("malformed-json", "the request body is empty");
    String text = Bodies.strict(StandardCharsets.UTF_8, body);
    if (depth(text) > MAX_DEPTH) {
      throw Problem.badRequest(
          "malformed-json", "the body nests arrays and objects deeper than " + MAX_DEPTH);
    }
    try (JsonParser parser = JSON.createParser(new StringReader(text))) {
      parser.next();
      JsonValue value = parser.getValue();
      if (parser.hasNext()) {
        throw Problem.badRequest("malformed-json", "the body has content after its JSON value");
      }
      return value;
    } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      throw Problem.badRequest("malformed-json", "the body is not valid JSON: " + e.getMessage());
    }
  }

  /** The deepest nesting of arrays and objects, strings skipped; malformed text may undercount. */
  private static int depth(String json) {
    int depth = 0;
    int deepest = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') i++;
        else if (c == '"') inString = false;
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        deepest = Math.max(deepest, ++depth);
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }
    return deepest;
  }

  /** One event, {@code {"type": ..., "data": ...}}, for the topic in the path. */
  static Draft single(String topic, JsonValue body, int maxBytes) {
    JsonObject o = object("", body);
    return Drafts.of("", topic, optionalString("", o, "type"), data("", o), maxBytes);
  }

  /** A batch, {@code [{"topic": ..., "type": ..., "data": ...}, ...]}, checked all-or-nothing. */
  static List<Draft> batch(JsonValue body, int maxBatch, int maxBytes) {
    if (!(body instanceof JsonArray array)) {
      throw Problem.badRequest("invalid-batch", "the body must be a JSON array of events");
    }
    if (array.isEmpty() || array.size() > maxBatch) {
      throw Problem.badRequest(
          "invalid-batch",
          "a batch holds 1 to "
              + maxBatch
              + " events (herald.publish.max-batch), not "
              + array.size());
    }
    List<Draft> drafts = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String where = "[" + i + "].";
      JsonObject o = object(where, array.get(i));
      String topic = optionalString(where, o, "topic");
      if (topic == null) throw Problem.badRequest("invalid-topic", where + "topic is missing");
      drafts.add(
          Drafts.of(where, topic, optionalString(where, o, "type"), data(where, o), maxBytes));
    }
    return drafts;
  }

  private static JsonObject object(String where, JsonValue v) {
    if (v instanceof JsonObject o) return o;
    String what = where.isEmpty() ? "the body" : where.substring(0, where.length() - 1);
    throw Problem.badRequest("invalid-event", what + " must be a JSON object");
  }

  private static String optionalString(String where, JsonObject o, String field) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) return null;
    if (v instanceof JsonString s) return s.getString();
    throw Problem.badRequest("invalid-" + field, where + field + " must be a string");
  }

  private static EventData data(String where, JsonObject o) {
    JsonValue v = o.get("data");
    if (v == null) throw Problem.badRequest("missing-data", where + "data is missing");
    return Drafts.data(v);
  }
}
