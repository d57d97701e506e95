package dev.herald.backplane;

import dev.herald.hub.Appended;
import dev.herald.hub.Draft;
import dev.herald.hub.Event;
import dev.herald.hub.EventId;
import dev.herald.hub.EventLog;
import dev.herald.hub.History;
import dev.herald.hub.Idempotency;
import dev.herald.hub.IdempotencyConflictException;
import dev.herald.hub.PublishOutcomeUnknownException;
import dev.herald.hub.PublishRefusedException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The event log in one Redis stream shared by every instance: {@code XADD} assigns the one global
 * order, so a cursor from any instance resumes on any other, and retention is hub-wide as in memory
 * (by count with {@code MAXLEN ~}, by age with {@code MINID}, both trimmed on append). Appends and
 * reads are single scripts on a bounded pool; delivery is the {@link RedisReader}'s.
 *
 * <p>An append is answered within {@code herald.redis.timeout}: accepted once Redis confirmed it,
 * refused (nothing written, now or later: the script fences itself by Redis's clock), or, when the
 * connection broke after the command went out, outcome unknown.
 */
public final class RedisEventLog implements EventLog {
  static final String STREAM = "herald:events";
  static final String KEYS = "herald:idempotency:";

  /** Time kept back from the budget, so this log's answer beats the hub's own bound. */
  private static final long ANSWER_MARGIN_MILLIS = 100;

  /** How long after the fence a reply may still arrive: beyond it, the fence has refused. */
  private static final long FENCE_GRACE_MILLIS = 250;

  private final JedisPool pool;
  private final ExecutorService calls;
  private final RedisReader reader;
  private final RedisScripts scripts = new RedisScripts();
  private final Retention retention;
  private volatile boolean clientFailed;
  private volatile long clientFailedNanos;

  /** Retention and safety settings the scripts need. */
  public record Retention(int maxEvents, long maxAgeMillis, long timeoutMillis, int waitReplicas) {}

  RedisEventLog(JedisPool pool, ExecutorService calls, RedisReader reader, Retention retention) {
    this.pool = pool;
    this.calls = calls;
    this.reader = reader;
    this.retention = retention;
  }

  @Override
  public void start(java.util.function.Consumer<List<Event>> inbound) {
    reader.start(inbound);
  }

  @Override
  public CompletionStage<Appended> append(List<Draft> drafts, Idempotency key) {
    long asked = System.currentTimeMillis();
    return call(redis -> appendNow(redis, drafts, key, asked), asked);
  }

  private Appended appendNow(Jedis redis, List<Draft> drafts, Idempotency key, long asked) {
    long left = asked + budget() - System.currentTimeMillis();
    long fence =
        System.currentTimeMillis() + reader.clockOffsetMillis() + left - FENCE_GRACE_MILLIS;
    redis.getConnection().setSoTimeout((int) Math.max(1, left));
    List<String> args = new ArrayList<>(4 + 6 * drafts.size());
    args.add(String.valueOf(fence));
    args.add(String.valueOf(retention.maxEvents()));
    args.add(String.valueOf(retention.maxAgeMillis()));
    args.add(key == null ? "" : key.fingerprint());
    StreamEntries.appendArgs(drafts, args);
    String idemKey = KEYS + (key == null ? "" : key.key());
    List<?> answer = (List<?>) scripts.append(redis, List.of(STREAM, idemKey), args);
    switch ((String) answer.get(0)) {
      case "late":
        throw new PublishRefusedException("Redis ran the publish after its deadline", null);
      case "conflict":
        throw new IdempotencyConflictException(key.key());
      case "repeat":
        return new Appended(ids((String) answer.get(1)), true);
      default:
        break;
    }
    List<EventId> ids = ids((String) answer.get(1));
    if (retention.waitReplicas() > 0) {
      long acked =
          redis.waitReplicas(retention.waitReplicas(), Math.max(1, asked + budget() - now()));
      if (acked < retention.waitReplicas()) {
        // Written on the primary, so not refused; a failover now could still lose it.
        throw new PublishOutcomeUnknownException(
            "Redis confirmed the publish on "
                + acked
                + " of "
                + retention.waitReplicas()
                + " replicas; retry with the same Idempotency-Key",
            null);
      }
    }
    return new Appended(ids, false);
  }

  @Override
  public CompletionStage<History> read(EventId cursor, Set<String> topics) {
    long asked = System.currentTimeMillis();
    if (!reader.up()) {
      // Until the reader knows where it reads from, a stream could plan a start it would miss.
      return CompletableFuture.failedFuture(
          new PublishRefusedException("the Redis reader is not connected", null));
    }
    return call(redis -> readNow(redis, cursor, topics, asked), asked);
  }

  private History readNow(Jedis redis, EventId cursor, Set<String> topics, long asked) {
    redis.getConnection().setSoTimeout((int) Math.max(1, asked + budget() - now()));
    List<?> answer =
        (List<?>)
            scripts.read(redis, List.of(STREAM), List.of(cursor == null ? "" : cursor.toString()));
    EventId newest = idOr((String) answer.get(0), EventId.ZERO);
    EventId oldest = idOr((String) answer.get(1), null);
    // Nothing retained: every id up to the newest existed, and is gone.
    EventId trimmed = idOr((String) answer.get(2), newest);
    List<Event> events = new ArrayList<>();
    for (Event e : StreamEntries.events((List<?>) answer.get(3), true)) {
      if (topics.contains(e.topic())) events.add(e);
    }
    boolean truncated = cursor != null && cursor.isBefore(trimmed);
    return new History(events, newest, oldest, truncated);
  }

  /**
   * Runs a call on the pool within the budget. A reply that did not come in time is a refusal
   * (fenced); a connection that broke under a sent command leaves the outcome unknown.
   */
  private <T> CompletionStage<T> call(Function<Jedis, T> work, long asked) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    try {
      calls.execute(() -> answer(answer, work, asked));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      answer.completeExceptionally(new PublishRefusedException("the Redis log is closed", e));
    }
    return answer;
  }

  private <T> void answer(CompletableFuture<T> answer, Function<Jedis, T> work, long asked) {
    if (now() - asked >= budget() - FENCE_GRACE_MILLIS) {
      answer.completeExceptionally(
          new PublishRefusedException("Redis calls are queued past their deadline", null));
      return;
    }
    Jedis redis;
    try {
      redis = pool.getResource();
    } catch (JedisException e) {
      clientFailed();
      answer.completeExceptionally(new PublishRefusedException("Redis is unreachable", e));
      return;
    }
    try (redis) {
      T result = work.apply(redis);
      clientFailed = false;
      answer.complete(result);
    } catch (JedisConnectionException e) {
      clientFailed();
      answer.completeExceptionally(
          timedOut(e)
              ? new PublishRefusedException("Redis did not answer in time", e)
              : new PublishOutcomeUnknownException(
                  "the connection to Redis broke before it answered; retry with the same"
                      + " Idempotency-Key",
                  e));
    } catch (JedisException e) {
      answer.completeExceptionally(new PublishRefusedException("Redis refused: " + e, e));
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) return true;
    }
    return false;
  }

  private long budget() {
    return retention.timeoutMillis() - ANSWER_MARGIN_MILLIS;
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static List<EventId> ids(String joined) {
    List<EventId> ids = new ArrayList<>();
    for (String id : joined.split(",")) ids.add(EventId.parse(id));
    return ids;
  }

  private static EventId idOr(String id, EventId none) {
    return id.isEmpty() ? none : EventId.parse(id);
  }

  private void clientFailed() {
    clientFailedNanos = System.nanoTime();
    clientFailed = true;
  }

  /**
   * Read from flags, as probes are frequent: the reader is connected, and Redis has answered it
   * since a publish or read last failed to reach Redis (a paused Redis fails the publishes first).
   */
  @Override
  public boolean available() {
    return reader.up() && (!clientFailed || reader.answeredNanos() - clientFailedNanos > 0);
  }

  @Override
  public void close() {
    reader.stop();
    calls.shutdownNow();
    pool.close();
  }
}
