package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.SseEvent;
import dev.herald.testing.StandardServer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Long-polling and enveloped streams through real HTTP: events keep their topic and their format,
 * text as text and JSON as JSON, on both.
 */
@ExtendWith(StandardServer.class)
class LongPollIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private final HeraldServer server = StandardServer.get();
  private final String topic = "poll/" + UUID.randomUUID();

  private URI poll(String query) {
    return server.uri("/api/topics/" + topic + "/events?" + query);
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private String publishText(String text) {
    HttpResponse<String> r =
        Http.post(server.uri("/api/topics/" + topic + "/events"), "text/plain", text);
    assertEquals(201, r.statusCode(), r.body());
    return Http.json(r.body()).getString("id");
  }

  private static JsonObject ok(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
    return Http.json(r.body());
  }

  private static void assertProblem(HttpResponse<String> r, int status, String slug) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
    assertTrue(Http.json(r.body()).getString("type").endsWith(slug), r.body());
  }

  @Test
  void answersEventsAfterTheCursorAsPublishedAtOnce() {
    String first = Http.publish(server, topic, null, "1");
    String json = Http.publish(server, topic, "status", "{\"state\":\"shipped\"}");
    String text = publishText("hello\nthere");
    JsonObject a = ok(Http.get(poll("after=" + q(first) + "&wait=25")));
    assertEquals(text, a.getString("lastEventId"));
    assertTrue(a.isNull("gap"));
    var events = a.getJsonArray("events");
    assertEquals(2, events.size());
    JsonObject status = events.getJsonObject(0);
    assertEquals(json, status.getString("id"));
    assertEquals(topic, status.getString("topic"));
    assertEquals("status", status.getString("type"));
    assertEquals("json", status.getString("format"));
    assertEquals("shipped", status.getJsonObject("data").getString("state"));
    JsonObject hello = events.getJsonObject(1);
    assertEquals("message", hello.getString("type"));
    assertEquals("text", hello.getString("format"));
    assertEquals("hello\nthere", hello.getString("data"));
  }

  @Test
  void waitsForTheNextEventOrAnswersEmptyWithTheSameCursor() throws Exception {
    String newest = Http.publish(server, topic, null, "0");
    JsonObject empty = ok(Http.get(poll("after=" + q(newest) + "&wait=1")));
    assertEquals(0, empty.getJsonArray("events").size());
    assertEquals(newest, empty.getString("lastEventId"));

    CompletableFuture<HttpResponse<String>> waiting =
        Http.CLIENT.sendAsync(
            HttpRequest.newBuilder(poll("after=" + q(newest) + "&wait=25")).build(),
            HttpResponse.BodyHandlers.ofString());
    String other = "poll/" + UUID.randomUUID();
    Http.publish(server, other, null, "\"not mine\"");
    assertFalse(completesWithin(waiting, Duration.ofMillis(500)), "another topic answered it");
    String live = Http.publish(server, topic, null, "\"mine\"");
    JsonObject a = ok(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(live, a.getString("lastEventId"));
    assertEquals("mine", a.getJsonArray("events").getJsonObject(0).getString("data"));
  }

  private static boolean completesWithin(CompletableFuture<?> f, Duration d) {
    try {
      f.get(d.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  @Test
  void pollsSeveralTopicsInOneOrderAndSaysGapForABadCursor() {
    String other = "poll/" + UUID.randomUUID();
    String start = Http.publish(server, topic, null, "0");
    String a1 = Http.publish(server, other, null, "1");
    String a2 = Http.publish(server, topic, null, "2");
    URI both = server.uri("/api/events?topic=" + topic + "&topic=" + other + "&after=" + q(start));
    var events = ok(Http.get(both)).getJsonArray("events");
    assertEquals(
        List.of(a1, a2), events.stream().map(e -> e.asJsonObject().getString("id")).toList());
    assertEquals(other, events.getJsonObject(0).getString("topic"));

    JsonObject unknown = ok(Http.get(poll("after=nonsense&wait=0")));
    assertEquals("unknown", unknown.getJsonObject("gap").getString("reason"));
    assertEquals("nonsense", unknown.getJsonObject("gap").getString("requested"));
    JsonObject noCursor = ok(Http.get(poll("wait=0")));
    assertEquals(0, noCursor.getJsonArray("events").size(), "no cursor starts at the newest");
  }

  @Test
  void badPollsAreProblems() {
    assertProblem(Http.get(poll("wait=soon")), 400, "bad-wait");
    assertProblem(Http.get(poll("wait=-1")), 400, "bad-wait");
    assertProblem(Http.get(server.uri("/api/events")), 400, "missing-topic");
    assertProblem(Http.get(server.uri("/api/events?topic=a%20b")), 400, "invalid-topic");
    assertProblem(Http.get(server.uri("/api/topics/.a/events")), 400, "invalid-topic");
  }

  @Test
  void anEnvelopedStreamCarriesTopicTypeAndFormatAndAPlainOneStaysAsItWas() throws Exception {
    try (RawStream enveloped = RawStream.open(server.uri("/sse/" + topic + "?envelope=1"));
        RawStream plain = RawStream.open(server.uri("/sse/" + topic))) {
      enveloped.awaitCount(1, WAIT);
      plain.awaitCount(1, WAIT);
      String id = Http.publish(server, topic, "status", "\"hello\"");
      publishText("hello");
      List<SseEvent> e = enveloped.await(l -> l.size() == 3, WAIT);
      assertEquals(id, e.get(1).lastEventId());
      assertEquals("message", e.get(1).type());
      assertEquals(
          "{\"topic\":\""
              + topic
              + "\",\"type\":\"status\",\"format\":\"json\",\"data\":\"hello\"}",
          e.get(1).data());
      assertEquals(
          "{\"topic\":\""
              + topic
              + "\",\"type\":\"message\",\"format\":\"text\",\"data\":\"hello\"}",
          e.get(2).data());
      List<SseEvent> p = plain.await(l -> l.size() == 3, WAIT);
      assertEquals("status", p.get(1).type());
      assertEquals(List.of("hello", "hello"), List.of(p.get(1).data(), p.get(2).data()));
    }
    try (RawStream bad = RawStream.open(server.uri("/sse/" + topic + "?envelope=yes"))) {
      assertEquals(400, bad.status());
      assertTrue(bad.errorBody(WAIT).contains("bad-envelope"));
    }
  }
}
