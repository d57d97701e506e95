package dev.herald.hub;

import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where a new stream starts: its resume point, a {@code gap} notice when history cannot cover the
 * client's cursor, and the retained events to replay. Planned under the hub's lock, so nothing
 * published meanwhile falls between the replay and the live events.
 *
 * @param resume the cursor the stream continues from, sent as the opening frame's id
 * @param gap the gap notice's data, or {@code null} for none
 */
record StreamStart(EventId resume, String gap, List<Event> replay) {
  private static final JsonProvider JSON = JsonProvider.provider();

  /**
   * A valid cursor resumes right after itself (with a "truncated" gap when retention dropped events
   * after it); no cursor starts at the newest event; a malformed or future cursor gets an "unknown"
   * gap and starts live. Never an error: a browser that got one would give up for good.
   */
  static StreamStart plan(EventLog log, Set<String> topics, String lastEventId) {
    EventId newest = log.newest();
    if (lastEventId == null) return new StreamStart(newest, null, List.of());
    EventId cursor = EventId.parse(lastEventId);
    if (cursor == null || cursor.isAfter(newest)) {
      return new StreamStart(newest, gap(log, lastEventId, "unknown"), List.of());
    }
    EventId evicted = log.newestEvicted();
    boolean truncated = evicted != null && cursor.isBefore(evicted);
    return new StreamStart(
        cursor, truncated ? gap(log, lastEventId, "truncated") : null, log.after(cursor, topics));
  }

  private static String gap(EventLog log, String requested, String reason) {
    EventId oldest = log.oldest();
    var b = JSON.createObjectBuilder().add("requested", requested);
    if (oldest == null) b.addNull("oldest");
    else b.add("oldest", oldest.toString());
    return b.add("reason", reason).build().toString();
  }

  /** The frames ahead of the replay: {@code retry} with {@code connected}, then any gap. */
  List<byte[]> opening(Duration retry, Duration heartbeat, Set<String> topics) {
    String connected =
        JSON.createObjectBuilder()
            .add("topics", JSON.createArrayBuilder(topics))
            .add("heartbeat", BigDecimal.valueOf(heartbeat.toMillis(), 3).stripTrailingZeros())
            .add("lastEventId", resume.toString())
            .build()
            .toString();
    List<byte[]> frames = new ArrayList<>(2);
    frames.add(Frames.opening(retry.toMillis(), resume.toString(), connected));
    if (gap != null) frames.add(Frames.event(null, "gap", gap));
    return frames;
  }
}
