package dev.herald.backplane;

import dev.herald.hub.Event;
import dev.herald.hub.EventId;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * The instance's one reader of the shared stream: a blocking {@code XREAD} from the last id it
 * handed on, on a connection of its own. Every event this instance delivers, its own included,
 * comes through here, in the stream's order. After Redis goes away (or restarts from its
 * append-only file) it reconnects and goes on from the same id, so nothing is skipped or repeated.
 * It also keeps the offset of Redis's clock from this one, for the publish fence.
 */
final class RedisReader {
  private static final Logger LOG = Logger.getLogger(RedisReader.class.getName());
  private static final int BLOCK_MILLIS = 1000;
  private static final int BATCH = 1000;
  private static final long CLOCK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long BACKOFF_MIN_MILLIS = 100;
  private static final long BACKOFF_MAX_MILLIS = 2000;

  private final String stream;
  private final Supplier<Jedis> connect;
  private final Thread thread;
  private volatile Consumer<List<Event>> inbound;
  private volatile boolean running = true;
  private volatile boolean up;
  private volatile EventId position;
  private volatile long clockOffsetMillis;
  private volatile long answeredNanos;
  private volatile Jedis current;

  RedisReader(String stream, Supplier<Jedis> connect, ThreadFactory threads) {
    this.stream = stream;
    this.connect = connect;
    this.thread = threads.newThread(this::run);
    thread.setName("herald-redis-reader");
  }

  void start(Consumer<List<Event>> inbound) {
    this.inbound = inbound;
    thread.start();
  }

  /** Connected, and it knows where it reads from: only then may a stream plan its start. */
  boolean up() {
    return up;
  }

  /** When Redis last answered the reader ({@link System#nanoTime}). */
  long answeredNanos() {
    return answeredNanos;
  }

  /** Redis's clock minus this one's, in millis, as last measured. */
  long clockOffsetMillis() {
    return clockOffsetMillis;
  }

  private void run() {
    long backoff = BACKOFF_MIN_MILLIS;
    boolean reported = false;
    while (running) {
      try (Jedis redis = connect.get()) {
        current = redis;
        long clockCheckedAt = measureClock(redis);
        if (position == null) position = newestId(redis);
        answeredNanos = System.nanoTime();
        up = true;
        backoff = BACKOFF_MIN_MILLIS;
        if (reported) LOG.info("Redis is back; reading the stream from " + position);
        reported = false;
        while (running) {
          readOnce(redis);
          if (System.nanoTime() - clockCheckedAt > CLOCK_EVERY_NANOS) {
            clockCheckedAt = measureClock(redis);
          }
        }
      } catch (JedisException | IllegalStateException e) {
        up = false;
        if (!running) break;
        if (!reported) {
          LOG.log(Level.WARNING, "Redis unreachable; retrying from " + position + ": " + e, e);
          reported = true;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
        backoff = Math.min(BACKOFF_MAX_MILLIS, backoff * 2);
      } finally {
        current = null;
      }
    }
  }

  private void readOnce(Jedis redis) {
    Object raw =
        redis.sendCommand(
            Protocol.Command.XREAD,
            "COUNT",
            String.valueOf(BATCH),
            "BLOCK",
            String.valueOf(BLOCK_MILLIS),
            "STREAMS",
            stream,
            position.toString());
    answeredNanos = System.nanoTime();
    if (raw == null) return; // nothing new within the block time
    List<?> streams = (List<?>) SafeEncoder.encodeObject(raw);
    List<?> entries = (List<?>) ((List<?>) streams.get(0)).get(1);
    List<Event> events = StreamEntries.events(entries, false);
    if (events.isEmpty()) return;
    position = events.get(events.size() - 1).id();
    try {
      inbound.accept(events);
    } catch (RuntimeException e) {
      // The hub's fault, not Redis's: reading on from here beats stopping every stream.
      LOG.log(Level.SEVERE, "Delivering events up to " + position + " failed", e);
    }
  }

  /** The stream's newest id now: where reading starts, as nothing has been delivered before. */
  private EventId newestId(Jedis redis) {
    // No stream yet: everything it will ever hold comes after now.
    if (!redis.exists(stream)) return EventId.ZERO;
    Object raw = redis.sendCommand(Protocol.Command.XINFO, "STREAM", stream);
    List<?> info = (List<?>) SafeEncoder.encodeObject(raw);
    for (int i = 0; i + 1 < info.size(); i += 2) {
      if ("last-generated-id".equals(info.get(i))) return EventId.parse((String) info.get(i + 1));
    }
    throw new IllegalStateException("XINFO STREAM answered no last-generated-id");
  }

  private long measureClock(Jedis redis) {
    long before = System.currentTimeMillis();
    List<String> time = redis.time();
    long after = System.currentTimeMillis();
    long redisMillis = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    clockOffsetMillis = redisMillis - (before + after) / 2;
    return System.nanoTime();
  }

  void stop() {
    running = false;
    Jedis redis = current;
    if (redis != null) {
      try {
        redis.disconnect(); // ends a blocked XREAD at once
      } catch (RuntimeException e) {
        // Closing anyway.
      }
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
