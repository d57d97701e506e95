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
  void environmentVariableNames() {
    assertEquals("HERALD_STREAM_HEARTBEAT", Setting.STREAM_HEARTBEAT.envVar());
    assertEquals("HERALD_HISTORY_MAX_EVENTS", Setting.HISTORY_MAX_EVENTS.envVar());
  }
}
