package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.RawStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM, as Kubernetes, systemd and docker send it, ends open streams instead of waiting them
 * out.
 */
class ShutdownIT {
  @Test
  void sigtermWithOpenStreamsExitsPromptlyAndEndsThemCleanly() throws Exception {
    HeraldServer server = HeraldServer.create("it-shutdown", Map.of("HERALD_STATS_INTERVAL", "1h"));
    server.start();
    List<RawStream> streams = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        RawStream s = RawStream.open(server.uri("/sse/shutdown/t" + (i % 5)));
        s.await(e -> !e.isEmpty(), Duration.ofSeconds(10));
        streams.add(s);
      }
      ProcessHandle process = server.process();
      long start = System.nanoTime();
      assertTrue(process.destroy(), "SIGTERM not delivered");
      process.onExit().get(30, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // Liberty alone waits out a 30 s quiesce while streams are open.
      assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "exit took " + took);
      for (RawStream s : streams)
        assertTrue(s.awaitEnd(Duration.ofSeconds(5)), "a stream stayed open");
    } finally {
      for (RawStream s : streams) s.close();
      server.close();
    }
  }

  @Test
  void stoppingTheServerStopsEventSources() {
    HeraldServer server = HeraldServer.create("it-stop-sources", Map.of());
    server.start();
    server.stop();
    // JUL is still running on this path (a JVM exit resets it before applications stop).
    String log = server.messagesLog();
    assertTrue(log.contains("Stopped event source dev.herald.source.StatsSource"), log);
  }
}
