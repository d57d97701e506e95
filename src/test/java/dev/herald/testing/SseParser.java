package dev.herald.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The WHATWG "interpret an event stream" algorithm, fed text as it arrives, so tests read a stream
 * exactly as a browser would: lines end at CRLF, CR or LF; one leading space after the colon is
 * dropped; data lines join with LF; a blank line dispatches.
 */
public final class SseParser {
  private final StringBuilder line = new StringBuilder();
  private final StringBuilder data = new StringBuilder();
  private final List<SseEvent> events = new ArrayList<>();
  private String type = "";
  private String lastEventId = "";
  private boolean idSeen;
  private boolean pendingCr;
  private long retry = -1;
  private int comments;

  public synchronized void accept(CharSequence chunk) {
    for (int i = 0; i < chunk.length(); i++) {
      char c = chunk.charAt(i);
      if (pendingCr && c == '\n') {
        pendingCr = false;
        continue;
      }
      pendingCr = false;
      if (c == '\r' || c == '\n') {
        pendingCr = c == '\r';
        line(line.toString());
        line.setLength(0);
      } else {
        line.append(c);
      }
    }
  }

  private void line(String l) {
    if (l.isEmpty()) {
      dispatch();
      return;
    }
    if (l.charAt(0) == ':') {
      comments++;
      return;
    }
    int colon = l.indexOf(':');
    String field = colon < 0 ? l : l.substring(0, colon);
    String value = colon < 0 ? "" : l.substring(colon + 1);
    if (value.startsWith(" ")) value = value.substring(1);
    switch (field) {
      case "event" -> type = value;
      case "data" -> data.append(value).append('\n');
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastEventId = value;
          idSeen = true;
        }
      }
      case "retry" -> {
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
          retry = Long.parseLong(value);
        }
      }
      default -> {
        // ignored, as the spec says
      }
    }
  }

  private void dispatch() {
    boolean hadId = idSeen;
    idSeen = false;
    if (data.length() == 0) {
      type = "";
      return;
    }
    data.setLength(data.length() - 1);
    events.add(
        new SseEvent(lastEventId, type.isEmpty() ? "message" : type, data.toString(), hadId));
    data.setLength(0);
    type = "";
  }

  public synchronized int count() {
    return events.size();
  }

  public synchronized List<SseEvent> events() {
    return List.copyOf(events);
  }

  public synchronized String lastEventId() {
    return lastEventId;
  }

  public synchronized long retry() {
    return retry;
  }

  public synchronized int comments() {
    return comments;
  }
}
