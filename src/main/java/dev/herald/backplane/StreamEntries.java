package dev.herald.backplane;

import dev.herald.hub.Draft;
import dev.herald.hub.Event;
import dev.herald.hub.EventData;
import dev.herald.hub.EventId;
import java.util.ArrayList;
import java.util.List;

/**
 * Herald's events as Redis stream entries, one field per part: {@code t} topic, {@code y} type,
 * {@code k} kind ({@code j} JSON, {@code t} text), {@code d} data, {@code c} the publisher's own id
 * when there is one, {@code r 0} for a live-only event, {@code p} the id of the entry before it.
 * The entry id is Redis's own, already in Herald's {@code <millis>-<seq>} form, and its millis are
 * when the event was published.
 */
final class StreamEntries {
  private StreamEntries() {}

  /** The per-event arguments of {@link RedisScripts#APPEND}. */
  static void appendArgs(List<Draft> drafts, List<String> args) {
    for (Draft d : drafts) {
      args.add(d.topic());
      args.add(d.type());
      args.add(d.data().json() ? "j" : "t");
      args.add(d.data().text());
      args.add(d.clientId() == null ? "" : d.clientId());
      args.add(d.retained() ? "1" : "0");
    }
  }

  /**
   * Entries as Redis answers them ({@code [[id, [field, value, ...]], ...]}, already decoded to
   * strings), as events.
   *
   * @param retainedOnly drop live-only events (history never replays them)
   */
  static List<Event> events(List<?> entries, boolean retainedOnly) {
    List<Event> events = new ArrayList<>(entries.size());
    for (Object entry : entries) {
      List<?> e = (List<?>) entry;
      Event event = event((String) e.get(0), (List<?>) e.get(1), retainedOnly);
      if (event != null) events.add(event);
    }
    return events;
  }

  private static Event event(String rawId, List<?> fields, boolean retainedOnly) {
    String topic = null;
    String type = null;
    String data = null;
    String clientId = null;
    boolean json = true;
    boolean retained = true;
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      String value = (String) fields.get(i + 1);
      switch ((String) fields.get(i)) {
        case "t" -> topic = value;
        case "y" -> type = value;
        case "k" -> json = !value.equals("t");
        case "d" -> data = value;
        case "c" -> clientId = value;
        case "r" -> retained = !value.equals("0");
        case "p" -> {
          // The predecessor's id, read by the history script alone.
        }
        default -> {
          // A field from a later Herald: ignored, so instances of two versions can share a stream.
        }
      }
    }
    EventId id = EventId.parse(rawId);
    if (id == null || topic == null || type == null || data == null) {
      throw new IllegalStateException("not a Herald entry in the stream: " + rawId);
    }
    if (retainedOnly && !retained) return null;
    EventData d = json ? EventData.json(data) : EventData.text(data);
    return new Event(id, topic, type, d, clientId, id.millis());
  }
}
