package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings arrive through environment variables, and bad ones stop Herald from starting. */
class ConfigIT {
  @Test
  void anInvalidValueFailsStartupWithAMessageNamingTheKey() {
    HeraldServer bad =
        HeraldServer.create(
            "it-bad-config",
            Map.of("HERALD_STREAM_HEARTBEAT", "15", "HERALD_PUBLISH_MAX_BATCH", "-1"));
    try {
      bad.startExpectingFailure();
      assertTrue(
          bad.awaitLog("Invalid Herald configuration", Duration.ofSeconds(90)), bad.messagesLog());
      String log = bad.messagesLog();
      assertTrue(log.contains("herald.stream.heartbeat: '15' is not a duration"), log);
      assertTrue(log.contains("herald.publish.max-batch='-1'"), log);
      assertTrue(!log.contains("CWWKZ0001I: Application herald started"), log);
      var ready =
          Http.send(
              java.net.http.HttpRequest.newBuilder(bad.uri("/health/ready"))
                  .timeout(Duration.ofSeconds(10))
                  .build());
      assertTrue(ready.statusCode() != 200, "readiness is " + ready.statusCode());
    } finally {
      bad.stop();
    }
  }

  @Test
  void environmentVariablesOverrideDefaults() throws Exception {
    HeraldServer s =
        HeraldServer.shared(
            "it-env",
            Map.of(
                "HERALD_STREAM_RETRY",
                "250ms",
                "HERALD_STREAM_HEARTBEAT",
                "500ms",
                "HERALD_STATS_INTERVAL",
                "1h"));
    try (RawStream stream = RawStream.open(s.uri("/sse/env"))) {
      var connected = stream.await(e -> !e.isEmpty(), Duration.ofSeconds(10)).get(0);
      assertEquals(250, stream.parser().retry());
      assertEquals("0.5", Http.json(connected.data()).getJsonNumber("heartbeat").toString());
    }
  }

  @Test
  void theHttpPortComesFromTheEnvironment() {
    HeraldServer s = HeraldServer.create("it-port-env", Map.of("HERALD_STATS_INTERVAL", "1h"));
    try {
      s.portFromEnvironment().start();
      assertEquals(200, Http.get(s.uri("/health/ready")).statusCode());
    } finally {
      s.close();
    }
  }
}
