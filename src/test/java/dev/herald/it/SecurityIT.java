package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.security.Tokens4Tests;
import dev.herald.testing.GuardedServer;
import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.SseEvent;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bearer tokens on a configured server: who may publish, who may read private topics, and how each
 * refusal is answered. Tokens come in the Authorization header or the cookie, never the query.
 */
@ExtendWith(GuardedServer.class)
class SecurityIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final HeraldServer server = GuardedServer.get();
  private final Tokens4Tests keys = GuardedServer.KEYS;

  /** Keys of its own: what it signs is forged, whatever it claims. */
  private static final Tokens4Tests FORGER = new Tokens4Tests();

  /** The server's client limits are tight: start every test with no stream left over. */
  @BeforeEach
  void startFromNothing() {
    server.awaitConnections(0, Duration.ofSeconds(15));
  }

  private String token(String subject, long expiresIn, List<String> publish, List<String> read) {
    return keys.sign(Tokens4Tests.claims(subject, expiresIn, publish, read), keys.rsa);
  }

  private HttpResponse<String> publish(String topic, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri("/api/topics/" + topic + "/events"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"x\"}"));
    headers.forEach(b::header);
    return Http.send(b.build());
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static Map<String, String> cookie(String token) {
    return Map.of("Cookie", "herald_token=" + token);
  }

  private static JsonObject problem(HttpResponse<String> r, int status, String type) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    JsonObject p = Http.json(r.body());
    assertTrue(p.getString("type").endsWith("/" + type), p.toString());
    if (status == 401) {
      assertTrue(
          r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
          r.headers().toString());
    }
    return p;
  }

  private static void refused(RawStream s, int status, String type) throws Exception {
    assertEquals(status, s.status());
    JsonObject p = Http.json(s.errorBody(WAIT));
    assertTrue(p.getString("type").endsWith("/" + type), p.toString());
  }

  @Test
  void publishingNeedsABearerTokenWithThePublishRightEvenFromThisHost() throws Exception {
    String topic = "orders/" + UUID.randomUUID();
    try (RawStream watching = RawStream.open(server.uri("/sse/" + topic))) {
      watching.await(e -> e.size() == 1, WAIT);
      // A key is configured, so anonymous publishing is off, local or not.
      problem(publish(topic, Map.of()), 401, "unauthorized");
      problem(
          publish(topic, cookie(token("alice", 60, List.of("orders/*"), List.of()))),
          401,
          "unauthorized");
      problem(
          publish(topic, bearer(token("alice", 60, List.of("users/*"), List.of()))),
          403,
          "forbidden");
      problem(
          publish(topic, bearer(token("alice", -60, List.of("orders/*"), List.of()))),
          401,
          "token-expired");
      problem(
          publish(
              topic,
              bearer(
                  FORGER.sign(
                      Tokens4Tests.claims("alice", 60, List.of("orders/*"), List.of()),
                      FORGER.rsa))),
          401,
          "invalid-token");
      problem(publish(topic, bearer("not-a-token")), 401, "invalid-token");
      problem(
          publish("herald/stats", bearer(token("root", 60, List.of("**"), List.of()))),
          403,
          "reserved-topic");
      HttpResponse<String> ok =
          publish(topic, bearer(token("alice", 60, List.of("orders/*"), List.of())));
      assertEquals(201, ok.statusCode(), ok.body());
      // Only the accepted publish reached the stream.
      List<SseEvent> got = watching.await(e -> e.size() == 2, WAIT);
      assertEquals(Http.json(ok.body()).getString("id"), got.get(1).lastEventId());
    }
  }

  @Test
  void privateTopicsNeedASubscribeRightInTheHeaderOrTheCookieNeverTheQuery() throws Exception {
    String mine = "private/alice/" + UUID.randomUUID();
    String reader = token("alice", 60, List.of(), List.of("private/alice/**"));
    try (RawStream anonymous = RawStream.open(server.uri("/sse/" + mine))) {
      refused(anonymous, 401, "unauthorized");
    }
    try (RawStream inTheQuery =
        RawStream.open(server.uri("/sse/" + mine + "?access_token=" + reader))) {
      refused(inTheQuery, 401, "unauthorized");
    }
    try (RawStream both =
        RawStream.open(
            server.uri("/sse?topic=" + mine + "&topic=private/bob/inbox"), cookie(reader))) {
      refused(both, 403, "forbidden");
    }
    String publisher = token("app", 60, List.of("private/**"), List.of());
    try (RawStream s = RawStream.open(server.uri("/sse/" + mine), cookie(reader));
        RawStream h = RawStream.open(server.uri("/sse/" + mine), bearer(reader))) {
      assertEquals(200, s.status());
      s.await(e -> e.size() == 1, WAIT);
      h.await(e -> e.size() == 1, WAIT);
      assertEquals(201, publish(mine, bearer(publisher)).statusCode());
      assertEquals("x", s.await(e -> e.size() == 2, WAIT).get(1).data());
      assertEquals("x", h.await(e -> e.size() == 2, WAIT).get(1).data());
      // Herald's own public feed never names a private topic, however busy.
      try (RawStream stats = RawStream.open(server.uri("/sse/herald/stats"))) {
        SseEvent fresh = stats.await(e -> e.size() >= 3, WAIT).get(2);
        assertTrue(fresh.data().contains("\"busiestTopics\""), fresh.data());
        assertFalse(fresh.data().contains("private/"), fresh.data());
      }
    }
    try (RawStream publicTopic = RawStream.open(server.uri("/sse/news/" + UUID.randomUUID()))) {
      assertEquals(200, publicTopic.status());
    }
  }

  @Test
  void aStreamWithAnExpiredTokenGetsReauthNotA401AndALiveOneGetsItWhenItsTokenExpires()
      throws Exception {
    String mine = "private/alice/" + UUID.randomUUID();
    String publisher = token("app", 60, List.of("private/**"), List.of());
    String cursor = Http.json(publish(mine, bearer(publisher)).body()).getString("id");
    assertEquals(201, publish(mine, bearer(publisher)).statusCode());
    String stale = token("alice", -60, List.of(), List.of("private/alice/**"));
    Map<String, String> reconnect = new HashMap<>(cookie(stale));
    reconnect.put("Last-Event-ID", cursor);
    try (RawStream s = RawStream.open(server.uri("/sse/" + mine), reconnect)) {
      // 200, as a browser's EventSource gives up for good on anything else.
      assertEquals(200, s.status());
      assertTrue(s.awaitEnd(WAIT), "the stream did not end");
      List<SseEvent> got = s.events();
      assertEquals(List.of("connected", "reauth"), got.stream().map(SseEvent::type).toList());
      // Its own cursor back, no replay of the event after it, and a slow retry.
      assertEquals(cursor, got.get(0).lastEventId());
      assertFalse(got.get(1).hadIdField());
      assertEquals(30_000, s.parser().retry());
    }
    String shortLived = token("alice", 2, List.of(), List.of("private/alice/**"));
    try (RawStream s = RawStream.open(server.uri("/sse/" + mine), cookie(shortLived))) {
      s.await(e -> e.size() == 1, WAIT);
      assertEquals(201, publish(mine, bearer(publisher)).statusCode());
      s.await(e -> e.size() == 2, WAIT);
      assertTrue(s.awaitEnd(WAIT), "the stream outlived its token");
      List<SseEvent> got = s.events();
      assertEquals("reauth", got.get(got.size() - 1).type());
    }
  }

  @Test
  void aTokensSubjectIsTheClientForTheLimits() throws Exception {
    Map<String, String> alice =
        new HashMap<>(bearer(token("alice-limits", 60, List.of(), List.of())));
    Map<String, String> bob = bearer(token("bob-limits", 60, List.of(), List.of()));
    String topic = "limits/" + UUID.randomUUID();
    try (RawStream a1 = RawStream.open(server.uri("/sse/" + topic), alice);
        RawStream a2 = RawStream.open(server.uri("/sse/" + topic), alice);
        RawStream a3 = RawStream.open(server.uri("/sse/" + topic), alice);
        RawStream b1 = RawStream.open(server.uri("/sse/" + topic), bob)) {
      assertEquals(200, a1.status());
      assertEquals(200, a2.status());
      refused(a3, 429, "too-many-streams");
      assertEquals(200, b1.status(), "another subject is another client, from the same address");
    }
  }
}
