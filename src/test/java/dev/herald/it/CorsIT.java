package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.GuardedServer;
import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CORS for the origins the server allows, with credentials: preflights answered, headers on every
 * answer (streams and problems included), other foreign origins refused.
 */
@ExtendWith(GuardedServer.class)
class CorsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String ALLOWED = GuardedServer.ALLOWED_ORIGIN;
  private final HeraldServer server = GuardedServer.get();

  @BeforeEach
  void startFromNothing() {
    server.awaitConnections(0, Duration.ofSeconds(15));
  }

  private HttpResponse<String> preflight(String path, String method, String origin) {
    return Http.send(
        HttpRequest.newBuilder(server.uri(path))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", "last-event-id, authorization, content-type")
            .build());
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void preflightsFromAnAllowedOriginAreAnsweredForStreamsAndPublishing() {
    for (String[] request :
        new String[][] {{"/sse/news", "GET"}, {"/api/topics/news/events", "POST"}}) {
      HttpResponse<String> r = preflight(request[0], request[1], ALLOWED);
      assertEquals(204, r.statusCode(), r.body());
      assertEquals(ALLOWED, header(r, "Access-Control-Allow-Origin"));
      assertEquals("true", header(r, "Access-Control-Allow-Credentials"));
      assertTrue(header(r, "Access-Control-Allow-Methods").contains(request[1]));
      String allowed = header(r, "Access-Control-Allow-Headers");
      for (String h : List.of("Last-Event-ID", "Authorization", "Content-Type")) {
        assertTrue(allowed.contains(h), allowed);
      }
      assertTrue(header(r, "Vary").contains("Origin"));
    }
  }

  @Test
  void aStreamAndAProblemCarryTheHeadersToo() throws Exception {
    String topic = "news/" + UUID.randomUUID();
    try (RawStream s = RawStream.open(server.uri("/sse/" + topic), Map.of("Origin", ALLOWED))) {
      assertEquals(200, s.status());
      assertEquals(ALLOWED, s.header("Access-Control-Allow-Origin"));
      assertEquals("true", s.header("Access-Control-Allow-Credentials"));
      assertTrue(s.header("Access-Control-Expose-Headers").contains("Retry-After"));
      assertTrue(s.header("Vary").contains("Origin"));
      assertEquals("connected", s.await(e -> e.size() == 1, WAIT).get(0).type());
    }
    HttpResponse<String> unauthorized =
        Http.send(
            HttpRequest.newBuilder(server.uri("/api/topics/" + topic + "/events"))
                .header("Origin", ALLOWED)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}"))
                .build());
    assertEquals(401, unauthorized.statusCode());
    assertEquals(ALLOWED, header(unauthorized, "Access-Control-Allow-Origin"));
    assertTrue(header(unauthorized, "Access-Control-Expose-Headers").contains("WWW-Authenticate"));
    assertTrue(header(unauthorized, "Content-Type").startsWith("application/problem+json"));
  }

  @Test
  void otherForeignOriginsAreRefusedAndTheServersOwnNeedsNoCors() throws Exception {
    String evil = "https://evil.example";
    HttpResponse<String> pre = preflight("/sse/news", "GET", evil);
    assertEquals(403, pre.statusCode());
    assertNull(header(pre, "Access-Control-Allow-Origin"));
    assertTrue(Http.json(pre.body()).getString("type").endsWith("/origin-not-allowed"));
    try (RawStream s = RawStream.open(server.uri("/sse/news"), Map.of("Origin", evil))) {
      assertEquals(403, s.status());
      assertTrue(s.errorBody(WAIT).contains("origin-not-allowed"));
      assertTrue(s.header("Vary").contains("Origin"));
    }
    String own = "http://localhost:" + server.port();
    try (RawStream s = RawStream.open(server.uri("/sse/news"), Map.of("Origin", own))) {
      assertEquals(200, s.status());
      assertNull(s.header("Access-Control-Allow-Origin"));
    }
  }
}
