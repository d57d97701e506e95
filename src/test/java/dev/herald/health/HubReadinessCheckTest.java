package dev.herald.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.hub.MemoryEventLog;
import dev.herald.source.SourceRunner;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HubReadinessCheckTest {
  private final HeraldConfig config = HeraldConfig.of(Map.of());
  private final Hub hub =
      Hub.start(
          config,
          new MemoryEventLog(10, 1 << 20, 60_000, System::currentTimeMillis),
          Executors.defaultThreadFactory());

  @AfterEach
  void close() {
    hub.close(1000);
  }

  @Test
  void downWhileStartingAndWhileDraining() {
    HubReadinessCheck check = new HubReadinessCheck();
    check.hub = hub;
    check.sources = new SourceRunner(); // never started
    assertEquals("starting", check.reason());
    hub.drain(Duration.ZERO);
    assertEquals("draining", check.reason());
  }
}
