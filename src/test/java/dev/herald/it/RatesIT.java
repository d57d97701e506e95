package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.security.Tokens4Tests;
import dev.herald.testing.GuardedServer;
import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-client rates (20/s, bursts of 40 on this server), the client named by its token. */
@ExtendWith(GuardedServer.class)
class RatesIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private final HeraldServer server = GuardedServer.get();

  @BeforeEach
  void startFromNothing() {
    server.awaitConnections(0, WAIT);
  }

  /** A client of its own: a subject no other test uses, so its buckets start full. */
  private static Map<String, String> freshClient() {
    String token =
        GuardedServer.KEYS.sign(
            Tokens4Tests.claims("rates-" + UUID.randomUUID(), 60, List.of("rates/**"), List.of()),
            GuardedServer.KEYS.rsa);
    return Map.of("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> batch(Map<String, String> client, int events) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < events; i++)
      b.append(i == 0 ? "" : ",").append("{\"topic\":\"rates/t\",\"data\":").append(i).append('}');
    HttpRequest.Builder r =
        HttpRequest.newBuilder(server.uri("/api/events"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(b.append(']').toString()));
    client.forEach(r::header);
    return Http.send(r.build());
  }

  private static String type(HttpResponse<String> r) {
    JsonObject p = Http.json(r.body());
    return p.getString("type").substring(p.getString("type").lastIndexOf('/') + 1);
  }

  @Test
  void aBatchCostsItsEventsAndOneLargerThanTheBurstIsABadRequest() {
    Map<String, String> client = freshClient();
    HttpResponse<String> tooBig = batch(client, 41);
    assertEquals(400, tooBig.statusCode(), tooBig.body());
    assertEquals("batch-over-burst", type(tooBig));
    assertEquals(201, batch(client, 40).statusCode());
    HttpResponse<String> limited = batch(client, 5);
    assertEquals(429, limited.statusCode(), limited.body());
    assertEquals("rate-limited", type(limited));
    assertTrue(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()) >= 1);
    assertEquals(201, batch(freshClient(), 40).statusCode(), "another client has its own rate");
  }

  @Test
  void streamOpensBeyondTheRateGet429RateLimited() throws Exception {
    Map<String, String> client = freshClient();
    String topic = "/sse/rates/" + UUID.randomUUID();
    List<RawStream> held = new ArrayList<>();
    try {
      String seen = null;
      // Each open costs one, refused by the stream limit or not; 20/s refill far slower.
      for (int i = 0; i < 200 && !"rate-limited".equals(seen); i++) {
        RawStream s = RawStream.open(server.uri(topic), client);
        held.add(s);
        if (s.status() == 429) {
          String body = s.errorBody(WAIT);
          seen =
              Http.json(body).getString("type").endsWith("/rate-limited")
                  ? "rate-limited"
                  : "other";
          if (seen.equals("rate-limited")) assertTrue(Long.parseLong(s.header("Retry-After")) >= 1);
        }
      }
      assertEquals("rate-limited", seen);
    } finally {
      for (RawStream s : held) s.close();
    }
  }
}
