package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.StandardServer;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The probes Kubernetes and proxies call, on a running server. */
@ExtendWith(StandardServer.class)
class HealthIT {
  private final HeraldServer server = StandardServer.get();

  private static JsonObject check(HttpResponse<String> r, String name) {
    return Http.json(r.body()).getJsonArray("checks").stream()
        .map(jakarta.json.JsonValue::asJsonObject)
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " missing from " + r.body()));
  }

  @Test
  void startedLiveAndReadyAreUpWithTheirData() {
    HttpResponse<String> started = Http.get(server.uri("/health/started"));
    assertEquals(200, started.statusCode(), started.body());
    assertEquals("UP", check(started, "herald-started").getString("status"));

    HttpResponse<String> live = Http.get(server.uri("/health/live"));
    assertEquals(200, live.statusCode(), live.body());
    JsonObject sweep = check(live, "herald-sweep");
    JsonObject sweepData = sweep.getJsonObject("data");
    assertTrue(
        sweepData.getInt("lastSweepMillisAgo") < sweepData.getInt("limitMillis"), sweep.toString());

    HttpResponse<String> ready = Http.get(server.uri("/health/ready"));
    assertEquals(200, ready.statusCode(), ready.body());
    JsonObject data = check(ready, "herald-ready").getJsonObject("data");
    assertEquals(10000, data.getInt("maxConnections"));
    assertTrue(data.getInt("connections") >= 0);
  }
}
