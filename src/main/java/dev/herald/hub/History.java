package dev.herald.hub;

import java.util.List;

/**
 * What the log holds for a new stream, read in one call.
 *
 * @param events retained events after the cursor for the stream's topics, in order
 * @param newest the newest id the log has assigned; an empty log's is {@code <its start millis>-0},
 *     so a client that connected to it resumes without a false gap
 * @param oldest the oldest retained id, or {@code null} when nothing is retained
 * @param truncated true when events after the cursor may be gone: dropped by retention, or older
 *     than the log itself (a cursor from before a restart of an in-memory log)
 */
public record History(List<Event> events, EventId newest, EventId oldest, boolean truncated) {}
