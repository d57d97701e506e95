package dev.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.SseEvent;
import dev.herald.testing.StandardServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped plain-HTTP site ({@code deploy/nginx/herald-local.conf}) in front of a running
 * Herald, edited only to name Herald's port and to cut nginx's read timeout to 3 s: Herald's 1 s
 * heartbeat must keep a stream open through it.
 */
@ExtendWith(StandardServer.class)
class NginxSiteIT {
  private static final Duration PROMPT = Duration.ofSeconds(1);
  private static Nginx nginx;

  @BeforeAll
  static void startNginx() {
    nginx =
        Nginx.start(
            "site",
            Nginx.Site.shipped("herald-local.conf")
                .herald(StandardServer.get().port())
                .listen("http", "8080;")
                .replace(
                    "herald-proxy.conf", "proxy_read_timeout 300s;", "proxy_read_timeout 3s;"));
  }

  @AfterAll
  static void stopNginx() {
    if (nginx != null) nginx.close();
  }

  private static URI proxied(String path) {
    return nginx.uri("http", path);
  }

  private static String topic() {
    return "nginx/" + UUID.randomUUID();
  }

  @Test
  void eventsArrivePromptlyAndUncompressed() throws Exception {
    String topic = topic();
    try (RawStream s =
        RawStream.open(proxied("/sse/" + topic), Map.of("Accept-Encoding", "gzip"))) {
      assertEquals(200, s.status());
      assertTrue(
          s.header("content-type").startsWith("text/event-stream"), s.header("content-type"));
      assertNull(s.header("content-encoding"));
      s.awaitCount(1, Duration.ofSeconds(5)); // connected
      for (int i = 1; i <= 5; i++) {
        Http.publish(StandardServer.get(), topic, "tick", String.valueOf(i));
        long published = System.nanoTime();
        s.awaitCount(1 + i, PROMPT);
        Duration took = Duration.ofNanos(System.nanoTime() - published);
        assertTrue(took.compareTo(PROMPT) < 0, "event " + i + " took " + took);
      }
      assertEquals("5", s.events().get(5).data());
    }
  }

  @Test
  void heartbeatsKeepAStreamOpenPastTheProxyReadTimeout() throws Exception {
    String topic = topic();
    try (RawStream s = RawStream.open(proxied("/sse/" + topic))) {
      long opened = System.nanoTime();
      // Ten heartbeats at 1 s: the stream has been open over three read timeouts of 3 s.
      s.awaitBody(b -> b.split(": hb\n", -1).length > 10, Duration.ofSeconds(20));
      assertTrue(Duration.ofNanos(System.nanoTime() - opened).toSeconds() >= 9);
      assertFalse(s.awaitEnd(Duration.ZERO), "nginx cut the stream");
      Http.publish(StandardServer.get(), topic, "late", "\"still here\"");
      s.await(e -> e.stream().anyMatch(x -> x.type().equals("late")), PROMPT);
    }
  }

  @Test
  void lastEventIdResumesThroughTheProxy() throws Exception {
    String topic = topic();
    String first = Http.publish(StandardServer.get(), topic, null, "1");
    Http.publish(StandardServer.get(), topic, null, "2");
    Http.publish(StandardServer.get(), topic, null, "3");
    try (RawStream s = RawStream.open(proxied("/sse/" + topic), Map.of("Last-Event-ID", first))) {
      List<SseEvent> events = s.await(e -> e.size() >= 3, Duration.ofSeconds(5));
      assertEquals("connected", events.get(0).type());
      assertEquals(List.of("2", "3"), List.of(events.get(1).data(), events.get(2).data()));
    }
  }

  @Test
  void probesAnswerThroughTheProxy() {
    for (String probe : List.of("/health/started", "/health/live", "/health/ready")) {
      HttpResponse<String> r = Http.get(proxied(probe));
      assertEquals(200, r.statusCode(), probe + ": " + r.body());
      assertTrue(r.body().contains("\"status\":\"UP\""), r.body());
    }
  }

  @Test
  void theDrainEndpointIsRefusedThroughTheProxyHoweverItIsSpelled() {
    for (String path : List.of("/api/admin/drain", "/api//admin/drain", "/api/%61dmin/drain")) {
      HttpResponse<String> r =
          Http.send(
              HttpRequest.newBuilder(proxied(path))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build());
      assertEquals(403, r.statusCode(), path + ": " + r.body());
      assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
    }
    assertEquals(200, Http.get(StandardServer.get().uri("/health/ready")).statusCode());
  }

  @Test
  void metricsAndTheApiDescriptionAreNotPublic() {
    for (String path : List.of("/metrics", "/metrics/base", "/openapi", "/openapi/ui/")) {
      HttpResponse<String> r = Http.get(proxied(path));
      assertEquals(403, r.statusCode(), path);
      assertTrue(r.body().contains("\"status\":403"), r.body());
    }
  }

  @Test
  void aProxiedPublisherIsNotLocal() {
    // The forwarding header nginx adds is what keeps internet clients from publishing anonymously.
    HttpResponse<String> r =
        Http.post(
            proxied("/api/topics/" + topic() + "/events"), "application/json", "{\"data\":1}");
    assertEquals(401, r.statusCode(), r.body());
    assertTrue(r.body().contains("bearer token"), r.body());
  }

  @Test
  void aProblemAnswersWhenHeraldIsUnreachable() {
    try (Nginx orphan =
        Nginx.start(
            "site-orphan",
            Nginx.Site.shipped("herald-local.conf")
                .herald(Nginx.freePort())
                .listen("http", "8080;"))) {
      for (String path : List.of("/sse/t", "/api/topics/t/events", "/health/ready")) {
        HttpResponse<String> r = Http.get(orphan.uri("http", path));
        assertEquals(503, r.statusCode(), path);
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(""));
      }
    }
  }
}
