package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad settings stop Herald from starting. (That good ones arrive through environment variables is
 * what every other black-box class relies on: each server's settings are its {@code server.env}.)
 */
class ConfigIT {
  @Test
  void anInvalidValueFailsStartupWithAMessageNamingTheKey() {
    HeraldServer bad =
        HeraldServer.create(
            "it-bad-config",
            Map.of("HERALD_STREAM_HEARTBEAT", "15", "HERALD_PUBLISH_MAX_BATCH", "-1"));
    try {
      bad.startExpectingFailure();
      bad.awaitLog("Invalid Herald configuration", Duration.ofSeconds(90));
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
}
