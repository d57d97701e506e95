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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The drain endpoint: readiness down, new streams refused, open ones ended spread over the drain
 * time; then {@code server stop} stops the event sources. (SIGTERM's drain is in RestartIT.)
 */
class DrainIT {
  @Test
  void theDrainEndpointTakesTheInstanceOutOfServiceAndStopStopsTheSources() throws Exception {
    HeraldServer server =
        HeraldServer.create(
            "it-drain-endpoint",
            Map.of("HERALD_SHUTDOWN_DRAIN", "2s", "HERALD_STATS_INTERVAL", "1h"));
    server.start();
    try (SocketFleet fleet = SocketFleet.open(server.uri("/sse/drain/endpoint"), 20)) {
      fleet.awaitOpened(Duration.ofSeconds(20));
      var waiting =
          Http.CLIENT.sendAsync(
              HttpRequest.newBuilder(server.uri("/api/topics/drain/endpoint/events?wait=25"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      server.awaitWaitingPolls(1, Duration.ofSeconds(10));
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
      // A waiting poll is answered at once, well before its 25 s; a new one is refused.
      HttpResponse<String> answered = waiting.get(10, TimeUnit.SECONDS);
      assertEquals(200, answered.statusCode(), answered.body());
      assertEquals(0, Http.json(answered.body()).getJsonArray("events").size());
      HttpResponse<String> latePoll =
          Http.get(server.uri("/api/topics/drain/endpoint/events?wait=1"));
      assertEquals(503, latePoll.statusCode(), latePoll.body());
      assertTrue(latePoll.body().contains("draining"), latePoll.body());

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
      // One line for the whole drain, not one per stream.
      server.awaitLog("Draining: ending 20 stream(s) over PT2S", Duration.ofSeconds(5));
      server.stop();
      // Checked on the `server stop` path: a JVM exit resets java.util.logging before apps stop.
      String log = server.messagesLog();
      assertTrue(log.contains("Stopped event source dev.herald.source.StatsSource"), log);
    } finally {
      server.close();
    }
  }
}
