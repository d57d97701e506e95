package dev.herald.hub;

import static dev.herald.api.JsonFactory.JSON;

/**
 * An event as JSON that says what a plain frame cannot: its topic, and whether its data was JSON or
 * text. The data is written as published: JSON as its compact text, text as a JSON string.
 */
public final class EventJson {
  private EventJson() {}

  /** {@code {"topic","type","format","data"}}: the data of an enveloped stream's frame. */
  static String envelope(Event e) {
    StringBuilder b = new StringBuilder(e.data().length() + e.topic().length() + 64);
    b.append('{');
    fields(b, e);
    return b.append('}').toString();
  }

  /** {@code {"id","topic","type","format","data"}}: one event of a long-poll answer. */
  public static void append(StringBuilder b, Event e) {
    b.append("{\"id\":\"").append(e.id()).append("\",");
    fields(b, e);
    b.append('}');
  }

  private static void fields(StringBuilder b, Event e) {
    b.append("\"topic\":").append(quoted(e.topic()));
    b.append(",\"type\":").append(quoted(e.type()));
    EventData d = e.data();
    b.append(",\"format\":\"").append(d.json() ? "json" : "text").append('"');
    b.append(",\"data\":").append(d.json() ? d.text() : quoted(d.text()));
  }

  private static String quoted(String s) {
    return JSON.createValue(s).toString();
  }
}
