package dev.herald.hub;

import java.util.List;

/**
 * What one long-poll answers.
 *
 * @param events the events after the poll's cursor, in order, at most the poll's maximum
 * @param lastEventId the last event's id, else the cursor the poll went on from; {@code null} only
 *     for a poll answered by a drain before it could read the log
 * @param gap the data a stream's {@code gap} event would carry, as JSON text, or {@code null}
 */
public record PollAnswer(List<Event> events, EventId lastEventId, String gap) {}
