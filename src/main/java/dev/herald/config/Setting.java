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
  HISTORY_MAX_BYTES(
      "herald.history.max-bytes",
      "67108864",
      "Heap the hub's history may hold (data and encoded frames, estimated); oldest events go first"),
  HISTORY_MAX_AGE("herald.history.max-age", "1h", "Oldest event the hub keeps for replay"),
  EVENT_MAX_BYTES("herald.event.max-bytes", "65536", "Largest event data (UTF-8 bytes) accepted"),
  PUBLISH_MAX_BATCH("herald.publish.max-batch", "1000", "Most events in one batch publish"),
  PUBLISH_MAX_REQUEST_BYTES(
      "herald.publish.max-request-bytes",
      "8388608",
      "Largest publish request body; a larger one gets 413 before it is read"),
  LOG_TIMEOUT(
      "herald.log.timeout",
      "2s",
      "Longest wait for the event log to take a publish (then 504, outcome unknown) or read history"),
  STATS_INTERVAL("herald.stats.interval", "2s", "How often `herald/stats` is published"),
  STREAM_MAX_DURATION(
      "herald.stream.max-duration",
      "30m",
      "A stream ends cleanly after this long, jittered ±15 %; the client resumes (0 = no limit)"),
  STREAM_WRITE_STALL(
      "herald.stream.write-stall",
      "1s",
      "A socket write blocked this long marks its subscriber as stalled: it is dropped"),
  STREAM_SPARE_WRITER_THREADS(
      "herald.stream.spare-writer-threads",
      "32",
      "Writer threads added while stalled writes hold others, so healthy streams keep flowing"),
  CONNECTIONS_MAX(
      "herald.connections.max", "10000", "Open streams accepted; more get 503 (0 = no limit)"),
  CONNECTIONS_MAX_PER_CLIENT(
      "herald.connections.max-per-client",
      "0",
      "Open streams per client (principal, else address); more get 429 (0 = no limit)"),
  CONNECTIONS_RETRY_AFTER(
      "herald.connections.retry-after",
      "5s",
      "Base of the jittered `Retry-After` sent with 503 and 429"),
  PROXY_TRUSTED(
      "herald.proxy.trusted",
      "",
      "Comma-separated CIDRs of proxies whose `Forwarded`/`X-Forwarded-*` name the client and its origin"),
  SHUTDOWN_DRAIN(
      "herald.shutdown.drain", "5s", "Time over which open streams are ended when Herald stops"),
  JWT_PUBLIC_KEY(
      "mp.jwt.verify.publickey",
      "",
      "Key that verifies bearer tokens (RS256/ES256): a PEM public key or a JWKS document"),
  JWT_PUBLIC_KEY_LOCATION(
      "mp.jwt.verify.publickey.location",
      "",
      "File path or http(s) URL of that key (PEM or JWKS), instead of the key itself"),
  JWT_ISSUER(
      "mp.jwt.verify.issuer", "", "Required `iss` of tokens (none: any issuer the key signs for)"),
  JWT_AUDIENCES(
      "mp.jwt.verify.audiences",
      "",
      "Comma-separated audiences; a token's `aud` must name one (none: not checked)"),
  JWT_TOKEN_COOKIE(
      "mp.jwt.token.cookie",
      "herald_token",
      "Cookie a browser's stream may carry its token in (it cannot set headers)"),
  JWT_CLOCK_SKEW(
      "mp.jwt.verify.clock.skew",
      "60",
      "Seconds of clock difference allowed on a token's `exp` and `nbf` (at most 60)"),
  SECURITY_PRIVATE_TOPICS(
      "herald.security.private-topics",
      "",
      "Comma-separated topic patterns that only a token's subscribe right may read"),
  SECURITY_ANONYMOUS_PUBLISH(
      "herald.security.anonymous-publish",
      "auto",
      "Local clients may publish without a token: `auto` (while no key is set), `true` or `false`"),
  PUBLISH_RATE(
      "herald.publish.rate", "0", "Events one client may publish per second (0 = no limit)"),
  PUBLISH_BURST(
      "herald.publish.burst",
      "0",
      "Events one client may publish at once (0 = one second's worth)"),
  SUBSCRIBE_RATE(
      "herald.subscribe.rate", "0", "Streams one client may open per second (0 = no limit)"),
  SUBSCRIBE_BURST(
      "herald.subscribe.burst",
      "0",
      "Streams one client may open at once (0 = one second's worth)"),
  CORS_ALLOWED_ORIGINS(
      "herald.cors.allowed-origins",
      "",
      "Comma-separated origins (`https://app.example.com`) whose pages may call Herald, with credentials"),
  POLL_MAX_EVENTS(
      "herald.poll.max-events",
      "100",
      "Most events one long-poll answer carries; the rest come next"),
  POLL_MAX_WAIT(
      "herald.poll.max-wait",
      "25s",
      "Longest a long-poll waits for events before answering an empty list"),
  LOG_PUBLISH(
      "herald.log.publish",
      "false",
      "An INFO audit line per accepted publish (who, ids, topics; never data); costs throughput"),
  BACKPLANE(
      "herald.backplane",
      "memory",
      "Where events and history live: `memory` (this instance alone) or `redis` (shared by every instance)"),
  REDIS_URI(
      "herald.redis.uri",
      "redis://localhost:6379",
      "Redis for the `redis` backplane: `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS"),
  REDIS_POOL_SIZE(
      "herald.redis.pool-size", "8", "Connections to Redis for publishing and reading history"),
  REDIS_TIMEOUT(
      "herald.redis.timeout",
      "2s",
      "Longest wait for Redis; a publish it has not confirmed by then is refused (503), never written later"),
  REDIS_WAIT_REPLICAS(
      "herald.redis.wait-replicas",
      "0",
      "Replicas that must have each publish (Redis `WAIT`) before it is accepted; 0: the primary alone"),
  SECURITY_REAUTH_RETRY(
      "herald.security.reauth-retry",
      "30s",
      "The `retry:` sent with `reauth` to a stream whose token expired, so a stale page returns slowly"),
  SECURITY_TOKEN_CACHE(
      "herald.security.token-cache",
      "10000",
      "Verified tokens remembered until they expire, so a repeat skips the signature check (0: none)");

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
