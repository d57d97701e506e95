package dev.herald.config;

import dev.herald.api.TopicPattern;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Herald's settings, read once at startup. An invalid value stops the application with a message
 * naming the key, rather than surfacing later as odd behaviour. Defaults live in {@link Setting}.
 */
@ApplicationScoped
public class HeraldConfig {
  private static final Logger LOG = Logger.getLogger(HeraldConfig.class.getName());

  /** Cloudflare closes a proxied response idle for 100 s. */
  private static final Duration CLOUDFLARE_IDLE = Duration.ofSeconds(100);

  private static final int MAX_CLOCK_SKEW_SECONDS = 60;

  /** Scheme, host and port only: what a browser sends as Origin. */
  private static final Pattern REDIS_URI_FORM = Pattern.compile("rediss?://[^\\s/]+(/\\d+)?");

  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\[\\]:-]+");

  private Duration heartbeat;
  private Duration retry;
  private int maxTopics;
  private int writerThreads;
  private int spareWriterThreads;
  private Duration writeStall;
  private Duration maxDuration;
  private int subscriberBuffer;
  private long subscriberBufferBytes;
  private int historyMaxEvents;
  private long historyMaxBytes;
  private Duration historyMaxAge;
  private int eventMaxBytes;
  private int publishMaxBatch;
  private int publishMaxRequestBytes;
  private Duration logTimeout;
  private Duration statsInterval;
  private int maxConnections;
  private int maxConnectionsPerClient;
  private Duration retryAfter;
  private List<Cidr> trustedProxies;
  private Duration drain;
  private String jwtPublicKey;
  private String jwtPublicKeyLocation;
  private String jwtIssuer;
  private List<String> jwtAudiences;
  private String jwtTokenCookie;
  private int jwtClockSkewSeconds;
  private List<TopicPattern> privateTopics;
  private AnonymousPublish anonymousPublish;
  private boolean logPublish;
  private int pollMaxEvents;
  private Duration pollMaxWait;
  private Backplane backplane;
  private String redisUri;
  private int redisPoolSize;
  private Duration redisTimeout;
  private int redisWaitReplicas;
  private Duration reauthRetry;
  private int tokenCache;
  private Set<String> corsAllowedOrigins;
  private int publishRate;
  private int publishBurst;
  private int subscribeRate;
  private int subscribeBurst;

  /** Whether local clients may publish without a token. */
  /** Where the event log lives. */
  public enum Backplane {
    MEMORY,
    REDIS
  }

  public enum AnonymousPublish {
    /** While no verification key is configured, never once one is. */
    AUTO,
    TRUE,
    FALSE
  }

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
    SettingsReader r = new SettingsReader(source);
    heartbeat = r.positiveDuration(Setting.STREAM_HEARTBEAT);
    retry = r.positiveDuration(Setting.STREAM_RETRY);
    maxTopics = r.positiveInt(Setting.STREAM_MAX_TOPICS);
    writerThreads = r.positiveInt(Setting.STREAM_WRITER_THREADS);
    spareWriterThreads = r.nonNegativeInt(Setting.STREAM_SPARE_WRITER_THREADS);
    writeStall = r.positiveDuration(Setting.STREAM_WRITE_STALL);
    maxDuration = r.duration(Setting.STREAM_MAX_DURATION);
    subscriberBuffer = r.positiveInt(Setting.SUBSCRIBER_BUFFER);
    subscriberBufferBytes = r.positiveInt(Setting.SUBSCRIBER_BUFFER_BYTES);
    historyMaxEvents = r.positiveInt(Setting.HISTORY_MAX_EVENTS);
    historyMaxBytes = r.positiveInt(Setting.HISTORY_MAX_BYTES);
    historyMaxAge = r.positiveDuration(Setting.HISTORY_MAX_AGE);
    eventMaxBytes = r.positiveInt(Setting.EVENT_MAX_BYTES);
    publishMaxBatch = r.positiveInt(Setting.PUBLISH_MAX_BATCH);
    publishMaxRequestBytes = r.positiveInt(Setting.PUBLISH_MAX_REQUEST_BYTES);
    logTimeout = r.positiveDuration(Setting.LOG_TIMEOUT);
    statsInterval = r.positiveDuration(Setting.STATS_INTERVAL);
    maxConnections = r.nonNegativeInt(Setting.CONNECTIONS_MAX);
    maxConnectionsPerClient = r.nonNegativeInt(Setting.CONNECTIONS_MAX_PER_CLIENT);
    retryAfter = r.positiveDuration(Setting.CONNECTIONS_RETRY_AFTER);
    trustedProxies = List.copyOf(r.cidrs(Setting.PROXY_TRUSTED));
    drain = r.duration(Setting.SHUTDOWN_DRAIN);
    jwtPublicKey = r.text(Setting.JWT_PUBLIC_KEY);
    jwtPublicKeyLocation = r.text(Setting.JWT_PUBLIC_KEY_LOCATION);
    jwtIssuer = r.text(Setting.JWT_ISSUER);
    jwtAudiences = List.copyOf(r.list(Setting.JWT_AUDIENCES));
    jwtTokenCookie = r.text(Setting.JWT_TOKEN_COOKIE);
    jwtClockSkewSeconds = r.nonNegativeInt(Setting.JWT_CLOCK_SKEW);
    privateTopics = List.copyOf(r.patterns(Setting.SECURITY_PRIVATE_TOPICS));
    anonymousPublish = r.choice(Setting.SECURITY_ANONYMOUS_PUBLISH, AnonymousPublish.class);
    reauthRetry = r.positiveDuration(Setting.SECURITY_REAUTH_RETRY);
    tokenCache = r.nonNegativeInt(Setting.SECURITY_TOKEN_CACHE);
    corsAllowedOrigins = Set.copyOf(r.list(Setting.CORS_ALLOWED_ORIGINS));
    publishRate = r.nonNegativeInt(Setting.PUBLISH_RATE);
    publishBurst = r.nonNegativeInt(Setting.PUBLISH_BURST);
    subscribeRate = r.nonNegativeInt(Setting.SUBSCRIBE_RATE);
    subscribeBurst = r.nonNegativeInt(Setting.SUBSCRIBE_BURST);
    logPublish = r.bool(Setting.LOG_PUBLISH);
    pollMaxEvents = r.positiveInt(Setting.POLL_MAX_EVENTS);
    pollMaxWait = r.positiveDuration(Setting.POLL_MAX_WAIT);
    backplane = r.choice(Setting.BACKPLANE, Backplane.class);
    redisUri = r.text(Setting.REDIS_URI);
    redisPoolSize = r.positiveInt(Setting.REDIS_POOL_SIZE);
    redisTimeout = r.positiveDuration(Setting.REDIS_TIMEOUT);
    redisWaitReplicas = r.nonNegativeInt(Setting.REDIS_WAIT_REPLICAS);
    crossCheck(r);
    if (!r.errors().isEmpty()) {
      String message = "Invalid Herald configuration: " + String.join("; ", r.errors());
      LOG.severe(message);
      throw new IllegalStateException(message);
    }
  }

  private void crossCheck(SettingsReader r) {
    if (!maxDuration.isZero() && heartbeat.compareTo(maxDuration) >= 0) {
      r.error(
          Setting.STREAM_HEARTBEAT.key()
              + " ("
              + Durations.format(heartbeat)
              + ") must be shorter than "
              + Setting.STREAM_MAX_DURATION.key()
              + " ("
              + Durations.format(maxDuration)
              + ")");
    }
    if (!jwtPublicKey.isEmpty() && !jwtPublicKeyLocation.isEmpty()) {
      r.error(
          Setting.JWT_PUBLIC_KEY.key()
              + " and "
              + Setting.JWT_PUBLIC_KEY_LOCATION.key()
              + " are both set; set one");
    }
    if (jwtClockSkewSeconds > MAX_CLOCK_SKEW_SECONDS) {
      r.error(
          Setting.JWT_CLOCK_SKEW.key()
              + "='"
              + jwtClockSkewSeconds
              + "' is more than "
              + MAX_CLOCK_SKEW_SECONDS
              + " seconds: an expired token would stay good that long");
    }
    for (String origin : corsAllowedOrigins) {
      if (!ORIGIN.matcher(origin).matches()) {
        r.error(
            Setting.CORS_ALLOWED_ORIGINS.key()
                + ": '"
                + origin
                + "' is not an origin like https://app.example.com"
                + (origin.contains("*") ? " (no wildcards: name each origin)" : ""));
      }
    }
    if (!REDIS_URI_FORM.matcher(redisUri).matches()) {
      r.error(Setting.REDIS_URI.key() + "='" + redisUri + "' is not a redis:// or rediss:// URI");
    }
    if (backplane == Backplane.REDIS && redisTimeout.compareTo(logTimeout) > 0) {
      r.error(
          Setting.REDIS_TIMEOUT.key()
              + " must not be longer than "
              + Setting.LOG_TIMEOUT.key()
              + ": the hub would answer 504 before Redis could be refused");
    }
    if (jwtTokenCookie.isEmpty()) r.error(Setting.JWT_TOKEN_COOKIE.key() + " must name a cookie");
    if (heartbeat.compareTo(CLOUDFLARE_IDLE) >= 0) {
      LOG.warning(
          () ->
              Setting.STREAM_HEARTBEAT.key()
                  + " is "
                  + Durations.format(heartbeat)
                  + ": Cloudflare and many proxies close a stream idle for 100 s; keep it well below");
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

  public int spareWriterThreads() {
    return spareWriterThreads;
  }

  public Duration writeStall() {
    return writeStall;
  }

  /** Zero when streams may stay open for ever. */
  public Duration maxDuration() {
    return maxDuration;
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

  /** Estimated heap the history may hold; the newest event stays even if alone it is larger. */
  public long historyMaxBytes() {
    return historyMaxBytes;
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

  public int publishMaxRequestBytes() {
    return publishMaxRequestBytes;
  }

  /** How long the hub waits for the event log before a publish's outcome is unknown. */
  public Duration logTimeout() {
    return logTimeout;
  }

  public Duration statsInterval() {
    return statsInterval;
  }

  /** Zero for no limit. */
  public int maxConnections() {
    return maxConnections;
  }

  /** Zero for no limit. */
  public int maxConnectionsPerClient() {
    return maxConnectionsPerClient;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  public List<Cidr> trustedProxies() {
    return trustedProxies;
  }

  public Duration drain() {
    return drain;
  }

  /** A PEM key or JWKS document, or empty. */
  public String jwtPublicKey() {
    return jwtPublicKey;
  }

  /** A file path or URL, or empty. */
  public String jwtPublicKeyLocation() {
    return jwtPublicKeyLocation;
  }

  /** True when tokens can be verified: a key or its location is configured. */
  public boolean jwtConfigured() {
    return !jwtPublicKey.isEmpty() || !jwtPublicKeyLocation.isEmpty();
  }

  /** Empty when any issuer is accepted. */
  public String jwtIssuer() {
    return jwtIssuer;
  }

  /** Empty when the audience is not checked. */
  public List<String> jwtAudiences() {
    return jwtAudiences;
  }

  public String jwtTokenCookie() {
    return jwtTokenCookie;
  }

  public int jwtClockSkewSeconds() {
    return jwtClockSkewSeconds;
  }

  public List<TopicPattern> privateTopics() {
    return privateTopics;
  }

  public boolean logPublish() {
    return logPublish;
  }

  public int pollMaxEvents() {
    return pollMaxEvents;
  }

  public Duration pollMaxWait() {
    return pollMaxWait;
  }

  public Backplane backplane() {
    return backplane;
  }

  public String redisUri() {
    return redisUri;
  }

  public int redisPoolSize() {
    return redisPoolSize;
  }

  public Duration redisTimeout() {
    return redisTimeout;
  }

  public int redisWaitReplicas() {
    return redisWaitReplicas;
  }

  public AnonymousPublish anonymousPublish() {
    return anonymousPublish;
  }

  public Duration reauthRetry() {
    return reauthRetry;
  }

  public int tokenCache() {
    return tokenCache;
  }

  /** Events per second per client; 0 for no limit. */
  public int publishRate() {
    return publishRate;
  }

  /** 0 for one second's worth. */
  public int publishBurst() {
    return publishBurst;
  }

  /** Stream opens per second per client; 0 for no limit. */
  public int subscribeRate() {
    return subscribeRate;
  }

  /** 0 for one second's worth. */
  public int subscribeBurst() {
    return subscribeBurst;
  }

  /** Exact origins; empty for none. */
  public Set<String> corsAllowedOrigins() {
    return corsAllowedOrigins;
  }
}
