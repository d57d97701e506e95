package dev.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.DeployKit;
import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.SocketFleet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kit's command strings exactly as shipped, run by {@code /bin/sh} with {@code curl} (as in the
 * image) against a Herald of its own: the image's health check passes; the Kubernetes preStop hook
 * drains, and returns only after every stream has ended; then the health check fails.
 */
class KitCommandsIT {
  @Test
  void theHealthCheckAndPreStopHookDoWhatTheKitSays() throws Exception {
    try (HeraldServer server =
            HeraldServer.create(
                    "e2e-kit-commands",
                    Map.of("HERALD_SHUTDOWN_DRAIN", "5s", "HERALD_STATS_INTERVAL", "1h"))
                .start();
        SocketFleet fleet = SocketFleet.open(server.uri("/sse/kit/commands"), 20)) {
      fleet.awaitOpened(Duration.ofSeconds(20));

      DeployKit.Outcome healthy = DeployKit.run(DeployKit.healthCheck(), server.port());
      assertEquals(0, healthy.exitCode(), healthy.output());

      DeployKit.Outcome preStop = DeployKit.run(DeployKit.preStop(), server.port());
      assertEquals(0, preStop.exitCode(), preStop.output());
      var drain = Http.json(preStop.output());
      assertTrue(drain.getBoolean("draining"), preStop.output());
      assertEquals(20, drain.getInt("streams"), preStop.output());
      assertTrue(
          preStop.took().toMillis() >= drain.getInt("drainMillis"),
          "preStop returned after " + preStop.took() + ", before the drain ended");
      // When SIGTERM comes, the drain is over: nothing is left for it to cut.
      fleet.awaitEnded(Duration.ofSeconds(1));
      assertEquals(0, server.connections());

      DeployKit.Outcome draining = DeployKit.run(DeployKit.healthCheck(), server.port());
      assertNotEquals(0, draining.exitCode(), "a draining instance passed the health check");
    }
  }
}
