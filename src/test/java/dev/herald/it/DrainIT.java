package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.SocketFleet;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Graceful drain: readiness down, new streams refused, open ones ended spread over the drain time.
 */
class DrainIT {
  private static final Duration DRAIN = Duration.ofSeconds(5);

  @Test
  void sigtermWithAThousandOpenStreamsDrainsThemAndExitsWithinDrainPlusFiveSeconds()
      throws Exception {
    HeraldServer server =
        HeraldServer.create("it-drain-sigterm", Map.of("HERALD_STATS_INTERVAL", "1h"));
    server.start();
    try (SocketFleet fleet = SocketFleet.open(server.uri("/sse/drain/sigterm"), 1000)) {
      fleet.awaitOpened(Duration.ofSeconds(30));
      ProcessHandle process = server.process();
      long start = System.nanoTime();
      assertTrue(process.destroy(), "SIGTERM not delivered");
      process.onExit().get(30, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(DRAIN.plusSeconds(5)) < 0, "exit took " + took);
      List<Long> ends = fleet.awaitEnded(Duration.ofSeconds(5));
      long first = ends.stream().mapToLong(Long::longValue).min().orElseThrow();
      long last = ends.stream().mapToLong(Long::longValue).max().orElseThrow();
      // Spread over the drain, not all at once: a thundering herd is what drain avoids.
      assertTrue(
          Duration.ofNanos(last - first).compareTo(DRAIN.dividedBy(2)) > 0,
          "streams ended within " + Duration.ofNanos(last - first));
    } finally {
      server.close();
    }
  }

  @Test
  void theDrainEndpointTakesTheInstanceOutOfService() throws Exception {
    HeraldServer server =
        HeraldServer.create(
            "it-drain-endpoint",
            Map.of("HERALD_SHUTDOWN_DRAIN", "2s", "HERALD_STATS_INTERVAL", "1h"));
    server.start();
    try (SocketFleet fleet = SocketFleet.open(server.uri("/sse/drain/endpoint"), 20)) {
      fleet.awaitOpened(Duration.ofSeconds(20));
      HttpResponse<String> proxied =
          Http.send(
              HttpRequest.newBuilder(server.uri("/api/admin/drain"))
                  .header("X-Forwarded-For", "203.0.113.5")
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build());
      assertEquals(403, proxied.statusCode(), proxied.body());
      assertEquals(200, Http.get(server.uri("/health/ready")).statusCode());

      HttpResponse<String> drain =
          Http.send(
              HttpRequest.newBuilder(server.uri("/api/admin/drain"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build());
      assertEquals(202, drain.statusCode(), drain.body());
      assertEquals(20, Http.json(drain.body()).getInt("streams"));

      HttpResponse<String> ready = Http.get(server.uri("/health/ready"));
      assertEquals(503, ready.statusCode());
      assertTrue(ready.body().contains("\"reason\":\"draining\""), ready.body());
      try (RawStream late = RawStream.open(server.uri("/sse/drain/endpoint"))) {
        assertEquals(503, late.status());
        assertTrue(late.header("Retry-After") != null);
        assertTrue(late.errorBody(Duration.ofSeconds(5)).contains("\"status\":503"));
      }
      fleet.awaitEnded(Duration.ofSeconds(10));
      assertEquals(0, server.connections());
    } finally {
      server.close();
    }
  }
}
