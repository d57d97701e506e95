package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeraldConfigTest {
  @Test
  void defaults() {
    HeraldConfig c = HeraldConfig.of(Map.of());
    assertEquals(Duration.ofSeconds(15), c.heartbeat());
    assertEquals(Duration.ofSeconds(3), c.retry());
    assertEquals(32, c.maxTopics());
    assertEquals(10000, c.historyMaxEvents());
    assertEquals(Duration.ofHours(1), c.historyMaxAge());
    assertEquals(65536, c.eventMaxBytes());
    assertEquals(1000, c.publishMaxBatch());
    assertEquals(Duration.ofSeconds(2), c.statsInterval());
  }

  @Test
  void valuesOverrideDefaults() {
    HeraldConfig c =
        HeraldConfig.of(
            Map.of("herald.stream.heartbeat", "500ms", "herald.publish.max-batch", "5"));
    assertEquals(Duration.ofMillis(500), c.heartbeat());
    assertEquals(5, c.publishMaxBatch());
  }

  @Test
  void everyInvalidValueIsNamedByItsKey() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                HeraldConfig.of(
                    Map.of(
                        "herald.stream.heartbeat", "15",
                        "herald.event.max-bytes", "lots",
                        "herald.stream.max-topics", "0",
                        "herald.history.max-age", "0s")));
    for (String key :
        new String[] {
          "herald.stream.heartbeat",
          "herald.event.max-bytes",
          "herald.stream.max-topics",
          "herald.history.max-age"
        }) {
      assertTrue(e.getMessage().contains(key), e.getMessage());
    }
  }

  @Test
  void securitySettingsThatCannotBeRightFailStartup() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                HeraldConfig.of(
                    Map.of(
                        "herald.cors.allowed-origins", "https://ok.example,*",
                        "herald.security.private-topics", "users/**/x",
                        "herald.security.anonymous-publish", "maybe",
                        "mp.jwt.verify.clock.skew", "600",
                        "mp.jwt.verify.publickey", "x",
                        "mp.jwt.verify.publickey.location", "/k.pem")));
    for (String key :
        new String[] {
          "herald.cors.allowed-origins",
          "herald.security.private-topics",
          "herald.security.anonymous-publish",
          "mp.jwt.verify.clock.skew",
          "mp.jwt.verify.publickey.location"
        }) {
      assertTrue(e.getMessage().contains(key), e.getMessage());
    }
    assertTrue(e.getMessage().contains("no wildcards"), e.getMessage());
    assertEquals(
        java.util.Set.of("https://a.example", "http://localhost:3000"),
        HeraldConfig.of(
                Map.of("herald.cors.allowed-origins", "https://a.example, http://localhost:3000"))
            .corsAllowedOrigins());
  }

  @Test
  void theHeartbeatMustBeShorterThanTheLongestStream() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                HeraldConfig.of(
                    Map.of("herald.stream.heartbeat", "1m", "herald.stream.max-duration", "30s")));
    assertTrue(e.getMessage().contains("herald.stream.max-duration"), e.getMessage());
    assertEquals(
        Duration.ZERO,
        HeraldConfig.of(Map.of("herald.stream.heartbeat", "1h", "herald.stream.max-duration", "0s"))
            .maxDuration());
  }

  @Test
  void zeroMeansOffOnlyWhereTheSettingSaysSo() {
    HeraldConfig c =
        HeraldConfig.of(
            Map.of("herald.connections.max", "0", "herald.connections.max-per-client", "0"));
    assertEquals(0, c.maxConnections());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                HeraldConfig.of(
                    Map.of("herald.stream.writer-threads", "0", "herald.connections.max", "-1")));
    assertTrue(e.getMessage().contains("herald.stream.writer-threads"), e.getMessage());
    assertTrue(e.getMessage().contains("herald.connections.max"), e.getMessage());
  }

  @Test
  void trustedProxiesAreCidrs() {
    HeraldConfig c = HeraldConfig.of(Map.of("herald.proxy.trusted", "10.0.0.0/8, ::1"));
    assertEquals(2, c.trustedProxies().size());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> HeraldConfig.of(Map.of("herald.proxy.trusted", "10.0.0.0/8,nginx")));
    assertTrue(e.getMessage().contains("herald.proxy.trusted"), e.getMessage());
  }

  @Test
  void environmentVariableNames() {
    assertEquals("HERALD_STREAM_HEARTBEAT", Setting.STREAM_HEARTBEAT.envVar());
    assertEquals("HERALD_HISTORY_MAX_EVENTS", Setting.HISTORY_MAX_EVENTS.envVar());
  }

  @Test
  void theRedisBackplaneIsChosenAndCheckedAtStartup() {
    HeraldConfig c =
        HeraldConfig.of(
            Map.of(
                "herald.backplane", "redis",
                "herald.redis.uri", "rediss://user:secret@redis.example:6380/2",
                "herald.redis.wait-replicas", "1"));
    assertEquals(HeraldConfig.Backplane.REDIS, c.backplane());
    assertEquals(Duration.ofSeconds(2), c.redisTimeout());
    assertEquals(1, c.redisWaitReplicas());
    assertEquals(HeraldConfig.Backplane.MEMORY, HeraldConfig.of(Map.of()).backplane());
    Map<String, Map<String, String>> badByKey =
        Map.of(
            "herald.backplane", Map.of("herald.backplane", "kafka"),
            "herald.redis.uri", Map.of("herald.redis.uri", "http://redis:6379"),
            "herald.redis.pool-size", Map.of("herald.redis.pool-size", "0"),
            "herald.redis.timeout",
                Map.of("herald.backplane", "redis", "herald.redis.timeout", "3s"));
    badByKey.forEach(
        (key, bad) -> {
          IllegalStateException e =
              assertThrows(IllegalStateException.class, () -> HeraldConfig.of(bad), key);
          assertTrue(e.getMessage().contains(key), e.getMessage());
        });
  }
}
