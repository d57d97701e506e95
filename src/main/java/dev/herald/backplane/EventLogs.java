package dev.herald.backplane;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.EventLog;
import dev.herald.hub.MemoryEventLog;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Logger;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.util.JedisURIHelper;

/** Makes the hub's one event log, as {@code herald.backplane} says; the hub owns and closes it. */
@ApplicationScoped
public class EventLogs {
  private static final Logger LOG = Logger.getLogger(EventLogs.class.getName());

  @Resource private ManagedThreadFactory threads;
  @Inject HeraldConfig config;

  @Produces
  EventLog eventLog() {
    return switch (config.backplane()) {
      case MEMORY ->
          new MemoryEventLog(
              config.historyMaxEvents(),
              config.historyMaxBytes(),
              config.historyMaxAge().toMillis(),
              System::currentTimeMillis);
      case REDIS -> redis(config, threads);
    };
  }

  /** The Redis log for these settings, not yet reading. */
  public static RedisEventLog redis(HeraldConfig config, ThreadFactory threads) {
    URI uri = URI.create(config.redisUri());
    int timeout = (int) config.redisTimeout().toMillis();
    // A new pool connection's handshake (AUTH, SELECT) must fail within a publish's budget, so a
    // Redis that accepts connections but does not answer is a refusal, not the hub's 504.
    int handshake = Math.max(50, timeout / 2);
    JedisClientConfig client = clientConfig(uri, handshake, handshake);
    HostAndPort address = JedisURIHelper.getHostAndPort(uri);
    GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
    poolConfig.setMaxTotal(config.redisPoolSize());
    poolConfig.setMaxIdle(config.redisPoolSize());
    poolConfig.setMaxWait(config.redisTimeout());
    poolConfig.setJmxEnabled(false);
    JedisPool pool = new JedisPool(poolConfig, address, client);
    // The reader's XREAD blocks for a second; its socket waits that plus the timeout.
    JedisClientConfig readerClient = clientConfig(uri, timeout, 1000 + timeout);
    RedisReader reader =
        new RedisReader(RedisEventLog.STREAM, () -> new Jedis(address, readerClient), threads);
    ExecutorService calls = Executors.newFixedThreadPool(config.redisPoolSize(), threads);
    LOG.info(
        () ->
            "Event log: Redis stream "
                + RedisEventLog.STREAM
                + " at "
                + address
                + (config.redisWaitReplicas() > 0
                    ? ", each publish confirmed by " + config.redisWaitReplicas() + " replicas"
                    : ""));
    return new RedisEventLog(
        pool,
        calls,
        reader,
        new RedisEventLog.Retention(
            config.historyMaxEvents(),
            config.historyMaxAge().toMillis(),
            config.redisTimeout().toMillis(),
            config.redisWaitReplicas()));
  }

  private static JedisClientConfig clientConfig(URI uri, int connectMillis, int socketMillis) {
    return DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(connectMillis)
        .socketTimeoutMillis(socketMillis)
        .user(JedisURIHelper.getUser(uri))
        .password(JedisURIHelper.getPassword(uri))
        .database(JedisURIHelper.getDBIndex(uri))
        .ssl(JedisURIHelper.isRedisSSLScheme(uri))
        .build();
  }
}
