package dev.herald.longpoll;

import dev.herald.hub.Event;
import dev.herald.hub.EventJson;
import dev.herald.hub.PollAnswer;

/**
 * A poll's answer as JSON, {@code {"events":[...],"lastEventId","gap"}}, each event's data as it
 * was published. Written directly, since the data is JSON text already and need not be parsed.
 */
final class PollBodies {
  private PollBodies() {}

  static String of(PollAnswer answer) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"events\":[");
    boolean first = true;
    for (Event e : answer.events()) {
      if (!first) b.append(',');
      first = false;
      EventJson.append(b, e);
    }
    b.append("],\"lastEventId\":");
    if (answer.lastEventId() == null) b.append("null");
    else b.append('"').append(answer.lastEventId()).append('"');
    b.append(",\"gap\":").append(answer.gap() == null ? "null" : answer.gap());
    return b.append('}').toString();
  }
}
