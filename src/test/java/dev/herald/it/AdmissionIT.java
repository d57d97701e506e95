package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.GuardedServer;
import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connection limits. Requests from 127.0.0.2 play a trusted proxy; those from 127.0.0.1 are clients
 * whose forwarding headers count for nothing.
 */
@ExtendWith(GuardedServer.class)
class AdmissionIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String PROXY = GuardedServer.PROXY;
  private final HeraldServer server = GuardedServer.get();

  private final List<RawStream> open = new ArrayList<>();

  @BeforeEach
  void startFromNothing() {
    server.awaitConnections(0, WAIT);
    server.awaitWaitingPolls(0, WAIT);
  }

  @AfterEach
  void closeAll() throws IOException {
    for (RawStream s : open) s.close();
  }

  private RawStream subscribe(String localAddress, Map<String, String> headers) throws Exception {
    RawStream s = RawStream.open(server.uri("/sse/limits"), headers, localAddress);
    open.add(s);
    if (s.status() == 200) s.await(e -> !e.isEmpty(), WAIT);
    return s;
  }

  private static void assertRefused(RawStream s, int status) throws Exception {
    assertEquals(status, s.status());
    assertTrue(s.header("Content-Type").startsWith("application/problem+json"));
    long retryAfter = Long.parseLong(s.header("Retry-After"));
    assertTrue(retryAfter >= 5 && retryAfter <= 10, "Retry-After " + retryAfter);
    JsonObject problem = Http.json(s.errorBody(WAIT));
    assertEquals(status, problem.getInt("status"));
    assertTrue(problem.getString("detail").contains("herald.connections"), problem.toString());
  }

  @Test
  void aClientBeyondItsLimitGets429AndForwardedHeadersFromItCountForNothing() throws Exception {
    subscribe("127.0.0.1", Map.of("X-Forwarded-For", "198.51.100.1"));
    subscribe("127.0.0.1", Map.of("X-Forwarded-For", "198.51.100.2"));
    assertRefused(subscribe("127.0.0.1", Map.of("X-Forwarded-For", "198.51.100.3")), 429);
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnLimit() throws Exception {
    subscribe(PROXY, Map.of("X-Forwarded-For", "198.51.100.1"));
    subscribe(PROXY, Map.of("X-Forwarded-For", "198.51.100.1"));
    assertRefused(subscribe(PROXY, Map.of("X-Forwarded-For", "198.51.100.1")), 429);
    assertEquals(200, subscribe(PROXY, Map.of("Forwarded", "for=198.51.100.2")).status());
  }

  @Test
  void beyondTheHubLimitNewStreamsGet503() throws Exception {
    for (int i = 0; i < 6; i++) {
      assertEquals(200, subscribe(PROXY, Map.of("X-Forwarded-For", "203.0.113." + i)).status());
    }
    assertRefused(subscribe(PROXY, Map.of("X-Forwarded-For", "203.0.113.99")), 503);
    assertEquals(6, server.connections());
  }

  private CompletableFuture<HttpResponse<String>> poll(String topic, int waitSeconds) {
    return Http.CLIENT.sendAsync(
        HttpRequest.newBuilder(server.uri("/api/topics/" + topic + "/events?wait=" + waitSeconds))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aWaitingLongPollHoldsItsClientsPlaceLikeAStream() throws Exception {
    // The Java client's polls come from 127.0.0.1, as the raw stream below does.
    List<CompletableFuture<HttpResponse<String>>> waiting =
        List.of(poll("limits", 3), poll("limits", 3));
    server.awaitWaitingPolls(2, WAIT);
    assertRefused(subscribe("127.0.0.1", Map.of()), 429);
    HttpResponse<String> third = poll("limits", 0).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(429, third.statusCode(), third.body());
    assertTrue(third.headers().firstValue("Retry-After").isPresent());
    assertTrue(third.body().contains("too-many-streams"), third.body());
    for (var w : waiting) {
      HttpResponse<String> r = w.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(0, Http.json(r.body()).getJsonArray("events").size());
    }
    server.awaitWaitingPolls(0, WAIT);
    assertEquals(200, subscribe("127.0.0.1", Map.of()).status(), "the places came back");
  }

  @Test
  void aPrivateTopicIsPolledWithATokenOnly() {
    HttpResponse<String> r = Http.get(server.uri("/api/topics/private/x/events?wait=0"));
    assertEquals(401, r.statusCode(), r.body());
    assertTrue(r.body().contains("unauthorized"), r.body());
  }
}
