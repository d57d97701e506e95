package dev.herald.hub;

import java.util.List;
import java.util.Set;

/**
 * The hub's ordered, bounded history of events. The in-memory log is the embedded default; a Redis
 * Streams backplane implements the same seam so several instances share one order.
 *
 * <p>Callers serialize access (the hub holds its lock), so implementations need no locking of their
 * own.
 */
public interface EventLog {
  /** Assigns each draft the next id, encodes it once and keeps it; returns them in order. */
  List<Event> append(List<Draft> drafts);

  /** Retained events after {@code cursor} whose topic is one of {@code topics}, in order. */
  List<Event> after(EventId cursor, Set<String> topics);

  /** The newest id ever assigned, or {@link EventId#ZERO} when none was. */
  EventId newest();

  /** The oldest retained id, or {@code null} when nothing is retained. */
  EventId oldest();

  /** The newest id retention has dropped, or {@code null} when it has dropped nothing. */
  EventId newestEvicted();

  /** Drops events older than the retention age. */
  void expire(long nowMillis);

  /** False while a shared log (the backplane) cannot be reached; the in-memory log always can. */
  default boolean available() {
    return true;
  }
}
