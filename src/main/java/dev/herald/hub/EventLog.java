package dev.herald.hub;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The storage seam: the hub's ordered, bounded history of events, shared by every instance that
 * uses the same log. The in-memory log is the embedded default; a Redis Streams backplane
 * implements the same seam, so calls may be remote and slow: the hub never makes them under a lock,
 * and bounds how long it waits.
 */
public interface EventLog extends AutoCloseable {
  /**
   * Starts handing on every appended event, this instance's or another's, to {@code inbound}: in
   * log order, one call at a time, each event once. An event can be {@linkplain #read read} before
   * it is handed on, so a stream that registers, then reads, misses nothing.
   */
  void start(Consumer<List<Event>> inbound);

  /**
   * Gives each draft the next id and keeps the retained ones, all or nothing. With a key it was
   * given before (within retention), appends nothing and answers the first append's ids.
   *
   * @param key the publisher's idempotency key, or {@code null}
   * @return completes with the ids; or exceptionally with {@link PublishRefusedException} (nothing
   *     appended), {@link PublishOutcomeUnknownException} (a remote log that may or may not have
   *     appended) or {@link IdempotencyConflictException}
   */
  CompletionStage<Appended> append(List<Draft> drafts, Idempotency key);

  /**
   * What a stream starts from, in one call: the retained events after {@code cursor} whose topic is
   * one of {@code topics}, the newest id, and whether events after the cursor are gone.
   *
   * @param cursor {@code null} when the stream starts at the newest event
   * @return completes with the history, or exceptionally with {@link PublishRefusedException}
   */
  CompletionStage<History> read(EventId cursor, Set<String> topics);

  /** False while a shared log (the backplane) cannot be reached; the in-memory log always can. */
  boolean available();

  /** Stops handing events on and lets go of what the log holds. */
  @Override
  void close();
}
