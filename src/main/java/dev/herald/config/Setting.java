package dev.herald.config;

/**
 * Every key Herald reads, with its one default; the README's configuration table lists the same.
 */
public enum Setting {
  STREAM_HEARTBEAT(
      "herald.stream.heartbeat", "15s", "Comment line sent on a stream idle this long"),
  STREAM_RETRY(
      "herald.stream.retry", "3s", "Reconnect delay sent to clients in the `retry:` field"),
  STREAM_MAX_TOPICS("herald.stream.max-topics", "32", "Most topics one stream may subscribe to"),
  STREAM_WRITER_THREADS(
      "herald.stream.writer-threads", "8", "Fixed pool of threads that write frames to sockets"),
  SUBSCRIBER_BUFFER(
      "herald.subscriber.buffer",
      "1000",
      "Events queued for one subscriber before it is dropped as too slow"),
  SUBSCRIBER_BUFFER_BYTES(
      "herald.subscriber.buffer-bytes",
      "4194304",
      "Bytes queued for one subscriber before it is dropped as too slow"),
  HISTORY_MAX_EVENTS(
      "herald.history.max-events", "10000", "Events the hub keeps for replay, across all topics"),
  HISTORY_MAX_AGE("herald.history.max-age", "1h", "Oldest event the hub keeps for replay"),
  EVENT_MAX_BYTES("herald.event.max-bytes", "65536", "Largest event data (UTF-8 bytes) accepted"),
  PUBLISH_MAX_BATCH("herald.publish.max-batch", "1000", "Most events in one batch publish"),
  STATS_INTERVAL("herald.stats.interval", "2s", "How often `herald/stats` is published");

  private final String key;
  private final String defaultValue;
  private final String meaning;

  Setting(String key, String defaultValue, String meaning) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.meaning = meaning;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String meaning() {
    return meaning;
  }

  /** The environment variable MicroProfile Config maps to this key. */
  public String envVar() {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
  }
}
