package dev.herald.hub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One long-poll, from its request until its answer. Like a stream it joins in two steps, so the log
 * is read without a lock: registered first, it holds the live events that arrive; then it starts
 * from its history, answering at once when there is something to say, else waiting for the first
 * live events after its cursor, or its timeout. It holds no thread while it waits.
 */
final class WaitingPoll {
  private final Set<String> topics;
  private final EventId cursor;
  private final int max;
  private final CompletableFuture<PollAnswer> answer = new CompletableFuture<>();

  // Guarded by this.
  private List<Event> held = new ArrayList<>();
  private EventId floor;
  private List<Event> found;

  /**
   * @param cursor the client's cursor, if valid; what a drain answers before the log was read
   */
  WaitingPoll(Set<String> topics, EventId cursor, int max) {
    this.topics = topics;
    this.cursor = cursor;
    this.max = max;
  }

  Set<String> topics() {
    return topics;
  }

  CompletableFuture<PollAnswer> answer() {
    return answer;
  }

  /** A live event of one of its topics; {@link #flush} answers with what was offered. */
  synchronized void offer(Event e) {
    if (answer.isDone()) return;
    if (floor == null) {
      // Events beyond the maximum are in history for the next poll.
      if (held.size() < max) held.add(e);
    } else if (e.id().isAfter(floor) && found.size() < max) {
      found.add(e);
    }
  }

  /** Answers with the live events offered since it started, if any. */
  void flush() {
    List<Event> ready;
    EventId from;
    synchronized (this) {
      if (found == null || found.isEmpty()) return;
      ready = List.copyOf(found);
      from = floor;
    }
    complete(ready, from, null);
  }

  /**
   * Starts from the history read: its replay or gap is answered at once; else the held live events
   * after the resume point are; else it waits up to {@code wait}.
   *
   * @param newest the newest id the history read saw: where a gap with nothing retained after it
   *     goes on from, so the client's next poll neither repeats the gap nor asks for it again
   */
  void start(StreamStart start, EventId newest, Duration wait) {
    if (!start.replay().isEmpty() || start.gap() != null) {
      List<Event> replay = start.replay();
      EventId from = start.gap() != null && replay.isEmpty() ? newest : start.resume();
      complete(replay.subList(0, Math.min(max, replay.size())), from, start.gap());
      return;
    }
    synchronized (this) {
      floor = start.resume();
      found = new ArrayList<>();
      for (Event e : held) if (e.id().isAfter(floor)) found.add(e);
      held = null;
    }
    flush();
    answer.completeOnTimeout(
        new PollAnswer(List.of(), start.resume(), null), wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Answers now with whatever it has: the hub is draining. */
  void answerNow() {
    EventId from;
    synchronized (this) {
      from = floor != null ? floor : cursor;
    }
    flush();
    answer.complete(new PollAnswer(List.of(), from, null));
  }

  private void complete(List<Event> events, EventId from, String gap) {
    EventId last = events.isEmpty() ? from : events.get(events.size() - 1).id();
    answer.complete(new PollAnswer(List.copyOf(events), last, gap));
  }
}
