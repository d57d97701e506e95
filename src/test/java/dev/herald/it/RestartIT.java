package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.EventId;
import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.SocketFleet;
import dev.herald.testing.SseEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A deploy, as Kubernetes does one: SIGTERM drains the open streams and the process exits, then
 * Herald starts again (on the port the environment names) with a fresh in-memory log, and a client
 * resuming from before is told what it lost.
 */
class RestartIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration DRAIN = Duration.ofSeconds(5);

  @Test
  void sigtermDrainsAndTheRestartedHubLosesNothingSilently() throws Exception {
    HeraldServer server =
        HeraldServer.create("it-restart", Map.of("HERALD_STATS_INTERVAL", "1h"))
            .portFromEnvironment();
    server.start();
    try {
      String topic = "restart/" + UUID.randomUUID();
      String first = Http.publish(server, topic, null, "1");
      Http.publish(server, topic, null, "2");
      Http.publish(server, topic, null, "3");

      try (SocketFleet fleet = SocketFleet.open(server.uri("/sse/restart/fleet"), 1000)) {
        fleet.awaitOpened(Duration.ofSeconds(30));
        ProcessHandle process = server.process();
        long start = System.nanoTime();
        assertTrue(process.destroy(), "SIGTERM not delivered");
        process.onExit().get(60, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // Well before Liberty's 30 s quiesce, which is what the drain spares a deploy.
        assertTrue(took.compareTo(DRAIN.plusSeconds(15)) < 0, "exit took " + took);
        List<Long> ends = fleet.awaitEnded(Duration.ofSeconds(5));
        long firstEnd = ends.stream().mapToLong(Long::longValue).min().orElseThrow();
        long lastEnd = ends.stream().mapToLong(Long::longValue).max().orElseThrow();
        // Spread over the drain, not all at once: a thundering herd is what drain avoids.
        assertTrue(
            Duration.ofNanos(lastEnd - firstEnd).compareTo(DRAIN.dividedBy(2)) > 0,
            "streams ended within " + Duration.ofNanos(lastEnd - firstEnd));
      }

      server.start();
      // Events two and three went with the old log: the resumed stream says so.
      try (RawStream s =
          RawStream.open(server.uri("/sse/" + topic), Map.of("Last-Event-ID", first))) {
        SseEvent gap = s.await(e -> e.size() == 2, WAIT).get(1);
        assertEquals("gap", gap.type());
        assertEquals("truncated", Http.json(gap.data()).getString("reason"));
      }
      // A client that connects to the new, empty log resumes from its start with no false gap.
      String start;
      try (RawStream s = RawStream.open(server.uri("/sse/" + topic))) {
        start = s.await(e -> e.size() == 1, WAIT).get(0).lastEventId();
      }
      String after = Http.publish(server, topic, null, "4");
      assertTrue(EventId.parse(after).isAfter(EventId.parse(first)), first + " then " + after);
      try (RawStream s =
          RawStream.open(server.uri("/sse/" + topic), Map.of("Last-Event-ID", start))) {
        List<SseEvent> got = s.await(e -> e.size() == 2, WAIT);
        assertEquals("message", got.get(1).type());
        assertEquals("4", got.get(1).data());
        assertEquals(after, got.get(1).lastEventId());
      }
    } finally {
      server.close();
    }
  }
}
