package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Event sources are stopped when the server stops. */
class SourceShutdownIT {
  @Test
  void stoppingTheServerStopsEventSources() {
    HeraldServer server = HeraldServer.create("it-stop-sources", Map.of());
    server.start();
    server.stop();
    // Checked on the `server stop` path: a JVM exit resets java.util.logging before apps stop.
    String log = server.messagesLog();
    assertTrue(log.contains("Stopped event source dev.herald.source.StatsSource"), log);
  }
}
