package dev.herald.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Herald's settings, read once at startup. An invalid value stops the application with a message
 * naming the key, rather than surfacing later as odd behaviour.
 */
@ApplicationScoped
public class HeraldConfig {
  private static final Logger LOG = Logger.getLogger(HeraldConfig.class.getName());
  private Duration heartbeat;
  private Duration retry;
  private int maxTopics;
  private int writerThreads;
  private int subscriberBuffer;
  private long subscriberBufferBytes;
  private int historyMaxEvents;
  private Duration historyMaxAge;
  private int eventMaxBytes;
  private int publishMaxBatch;
  private Duration statsInterval;

  @PostConstruct
  void load() {
    var config = ConfigProvider.getConfig(HeraldConfig.class.getClassLoader());
    read(key -> config.getOptionalValue(key, String.class));
  }

  /** Settings from a plain map, for tests; absent keys take their defaults. */
  public static HeraldConfig of(Map<String, String> values) {
    HeraldConfig c = new HeraldConfig();
    c.read(key -> Optional.ofNullable(values.get(key)));
    return c;
  }

  private void read(Function<String, Optional<String>> source) {
    Reader r = new Reader(source);
    heartbeat = r.positiveDuration(Setting.STREAM_HEARTBEAT);
    retry = r.positiveDuration(Setting.STREAM_RETRY);
    maxTopics = r.positiveInt(Setting.STREAM_MAX_TOPICS);
    writerThreads = r.positiveInt(Setting.STREAM_WRITER_THREADS);
    subscriberBuffer = r.positiveInt(Setting.SUBSCRIBER_BUFFER);
    subscriberBufferBytes = r.positiveInt(Setting.SUBSCRIBER_BUFFER_BYTES);
    historyMaxEvents = r.positiveInt(Setting.HISTORY_MAX_EVENTS);
    historyMaxAge = r.positiveDuration(Setting.HISTORY_MAX_AGE);
    eventMaxBytes = r.positiveInt(Setting.EVENT_MAX_BYTES);
    publishMaxBatch = r.positiveInt(Setting.PUBLISH_MAX_BATCH);
    statsInterval = r.positiveDuration(Setting.STATS_INTERVAL);
    if (!r.errors.isEmpty()) {
      String message = "Invalid Herald configuration: " + String.join("; ", r.errors);
      LOG.severe(message);
      throw new IllegalStateException(message);
    }
  }

  /** Reads keys, collecting every error so one startup reports them all. */
  private static final class Reader {
    private final Function<String, Optional<String>> source;
    private final List<String> errors = new ArrayList<>();

    Reader(Function<String, Optional<String>> source) {
      this.source = source;
    }

    private String raw(Setting s) {
      return source.apply(s.key()).map(String::trim).orElse(s.defaultValue());
    }

    Duration positiveDuration(Setting s) {
      String v = raw(s);
      try {
        Duration d = Durations.parse(v);
        if (d.isZero() || d.isNegative()) {
          errors.add(s.key() + "='" + v + "' must be longer than zero");
        }
        return d;
      } catch (IllegalArgumentException e) {
        errors.add(s.key() + ": " + e.getMessage());
        return Durations.parse(s.defaultValue());
      }
    }

    int positiveInt(Setting s) {
      String v = raw(s);
      try {
        int n = Integer.parseInt(v);
        if (n <= 0) {
          errors.add(s.key() + "='" + v + "' must be a whole number above zero");
        }
        return n;
      } catch (NumberFormatException e) {
        errors.add(s.key() + "='" + v + "' is not a whole number");
        return Integer.parseInt(s.defaultValue());
      }
    }
  }

  public Duration heartbeat() {
    return heartbeat;
  }

  public Duration retry() {
    return retry;
  }

  public int maxTopics() {
    return maxTopics;
  }

  public int writerThreads() {
    return writerThreads;
  }

  public int subscriberBuffer() {
    return subscriberBuffer;
  }

  public long subscriberBufferBytes() {
    return subscriberBufferBytes;
  }

  public int historyMaxEvents() {
    return historyMaxEvents;
  }

  public Duration historyMaxAge() {
    return historyMaxAge;
  }

  public int eventMaxBytes() {
    return eventMaxBytes;
  }

  public int publishMaxBatch() {
    return publishMaxBatch;
  }

  public Duration statsInterval() {
    return statsInterval;
  }
}
