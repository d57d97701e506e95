package dev.herald.hub;

import static dev.herald.api.JsonFactory.JSON;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where a new stream starts: its resume point, a {@code gap} notice when history cannot cover the
 * client's cursor, and the retained events to replay. Planned from one read of the log; live events
 * the stream received meanwhile are joined on behind it by id.
 *
 * @param resume the cursor the stream continues from, sent as the opening frame's id
 * @param gap the gap notice's data, or {@code null} for none
 */
record StreamStart(EventId resume, String gap, List<Event> replay) {

  /**
   * A valid cursor resumes right after itself (with a "truncated" gap when events after it are
   * gone); no cursor starts at the newest event; a malformed or future cursor gets an "unknown" gap
   * and starts live. Never an error: a browser that got one would give up for good.
   *
   * @param lastEventId the client's cursor as sent, or {@code null}
   * @param history read with {@code EventId.parse(lastEventId)} as the cursor
   */
  static StreamStart plan(History history, String lastEventId) {
    EventId newest = history.newest();
    if (lastEventId == null) return new StreamStart(newest, null, List.of());
    EventId cursor = EventId.parse(lastEventId);
    if (cursor == null || cursor.isAfter(newest)) {
      return new StreamStart(newest, gap(history, lastEventId, "unknown"), List.of());
    }
    return new StreamStart(
        cursor,
        history.truncated() ? gap(history, lastEventId, "truncated") : null,
        history.events());
  }

  private static String gap(History history, String requested, String reason) {
    var b = JSON.createObjectBuilder().add("requested", requested);
    if (history.oldest() == null) b.addNull("oldest");
    else b.add("oldest", history.oldest().toString());
    return b.add("reason", reason).build().toString();
  }

  /** The frames ahead of the replay: {@code retry} with {@code connected}, then any gap. */
  List<byte[]> opening(Duration retry, Duration heartbeat, Set<String> topics) {
    List<byte[]> frames = new ArrayList<>(2);
    frames.add(connected(retry, heartbeat, topics, resume));
    if (gap != null) frames.add(Frames.event(null, "gap", gap));
    return frames;
  }

  /**
   * {@code retry} and the {@code connected} event, whose id (and {@code lastEventId}) is where the
   * client resumes.
   *
   * @param resume the resume point, or {@code null} for no id line (the client's cursor stays)
   */
  static byte[] connected(Duration retry, Duration heartbeat, Set<String> topics, EventId resume) {
    var data =
        JSON.createObjectBuilder()
            .add("topics", JSON.createArrayBuilder(topics))
            .add("heartbeat", seconds(heartbeat));
    if (resume == null) data.addNull("lastEventId");
    else data.add("lastEventId", resume.toString());
    String id = resume == null ? null : resume.toString();
    return Frames.opening(retry.toMillis(), id, data.build().toString());
  }

  /** Seconds as a plain JSON number: {@code 10}, {@code 0.25}, never {@code 1E+1}. */
  static BigDecimal seconds(Duration d) {
    BigDecimal s = BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
