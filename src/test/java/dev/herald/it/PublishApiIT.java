package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.SseEvent;
import dev.herald.testing.StandardServer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every row of the API table: its status, its body, and that refusals publish nothing. */
@ExtendWith(StandardServer.class)
class PublishApiIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final HeraldServer server = StandardServer.get();

  private static String topic() {
    return "api-it/" + UUID.randomUUID();
  }

  private URI events(String topic) {
    return server.uri("/api/topics/" + topic + "/events");
  }

  /** Asserts an RFC 9457 answer with this status whose detail mentions the given text. */
  private static JsonObject problem(HttpResponse<String> r, int status, String detailMentions) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
        r.headers().toString());
    JsonObject p = Http.json(r.body());
    assertEquals(status, p.getInt("status"));
    assertTrue(p.getString("type").startsWith("https://"), p.toString());
    assertTrue(!p.getString("title").isEmpty());
    assertTrue(p.getString("detail").contains(detailMentions), p.toString());
    assertTrue(!r.body().contains("Exception") && !r.body().contains("\tat "), r.body());
    return p;
  }

  private HttpResponse<String> get(String pathAndQuery) {
    return Http.send(
        HttpRequest.newBuilder(server.uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).build());
  }

  @Test
  void publishJsonAnswers201WithIdAndTopic() throws Exception {
    String topic = topic();
    try (RawStream s = RawStream.open(server.uri("/sse/" + topic))) {
      s.await(e -> e.size() == 1, WAIT);
      HttpResponse<String> r =
          Http.post(events(topic), "application/json", "{\"type\":\"update\",\"data\":{\"n\":1}}");
      assertEquals(201, r.statusCode());
      JsonObject o = Http.json(r.body());
      assertEquals(topic, o.getString("topic"));
      SseEvent e = s.await(x -> x.size() == 2, WAIT).get(1);
      assertEquals(o.getString("id"), e.lastEventId());
      assertEquals("update", e.type());
      assertEquals("{\"n\":1}", e.data());
      assertEquals(
          201,
          Http.post(events(topic), "application/json; charset=utf-8", "{\"data\":null}")
              .statusCode());
      assertEquals("null", s.await(x -> x.size() == 3, WAIT).get(2).data());
    }
  }

  @Test
  void publishTextUsesTheBodyAndTheTypeParameter() throws Exception {
    String topic = topic();
    try (RawStream s = RawStream.open(server.uri("/sse/" + topic))) {
      s.await(e -> e.size() == 1, WAIT);
      assertEquals(
          201,
          Http.post(
                  server.uri("/api/topics/" + topic + "/events?type=note"),
                  "text/plain",
                  "hi\nthere")
              .statusCode());
      assertEquals(
          201, Http.post(events(topic), "text/plain; charset=UTF-8", "plain").statusCode());
      List<SseEvent> got = s.await(x -> x.size() == 3, WAIT);
      assertEquals("note", got.get(1).type());
      assertEquals("hi\nthere", got.get(1).data());
      assertEquals("message", got.get(2).type());
      assertEquals("plain", got.get(2).data());
    }
  }

  @Test
  void batchesPublishInOrderWithConsecutiveIds() throws Exception {
    String a = topic();
    String b = topic();
    try (RawStream s = RawStream.open(server.uri("/sse?topic=" + a + "&topic=" + b))) {
      s.await(e -> e.size() == 1, WAIT);
      HttpResponse<String> r =
          Http.post(
              server.uri("/api/events"),
              "application/json",
              "[{\"topic\":\""
                  + a
                  + "\",\"data\":1},{\"topic\":\""
                  + b
                  + "\",\"type\":\"t\",\"data\":\"two\"},{\"topic\":\""
                  + a
                  + "\",\"data\":[3]}]");
      assertEquals(201, r.statusCode(), r.body());
      List<String> ids =
          Http.json(r.body()).getJsonArray("ids").getValuesAs(jakarta.json.JsonString::getString);
      List<SseEvent> got = s.await(x -> x.size() == 4, WAIT);
      assertEquals(ids, got.subList(1, 4).stream().map(SseEvent::lastEventId).toList());
      assertEquals(
          List.of("1", "two", "[3]"), got.subList(1, 4).stream().map(SseEvent::data).toList());
    }
  }

  private HttpResponse<String> postWithKey(URI uri, String key, String json) {
    return Http.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyPublishesOnce() throws Exception {
    String topic = topic();
    String key = UUID.randomUUID().toString();
    String batchKey = UUID.randomUUID().toString();
    String batch =
        "[{\"topic\":\"" + topic + "\",\"data\":2},{\"topic\":\"" + topic + "\",\"data\":3}]";
    try (RawStream s = RawStream.open(server.uri("/sse/" + topic))) {
      s.await(e -> e.size() == 1, WAIT);
      HttpResponse<String> first = postWithKey(events(topic), key, "{\"data\":1}");
      assertEquals(201, first.statusCode(), first.body());
      HttpResponse<String> retry = postWithKey(events(topic), key, "{\"data\":1}");
      assertEquals(200, retry.statusCode(), retry.body());
      assertEquals(first.body(), retry.body());
      problem(postWithKey(events(topic), key, "{\"data\":99}"), 409, key);
      HttpResponse<String> firstBatch = postWithKey(server.uri("/api/events"), batchKey, batch);
      assertEquals(201, firstBatch.statusCode(), firstBatch.body());
      HttpResponse<String> retryBatch = postWithKey(server.uri("/api/events"), batchKey, batch);
      assertEquals(200, retryBatch.statusCode(), retryBatch.body());
      assertEquals(firstBatch.body(), retryBatch.body());
      problem(postWithKey(events(topic), "has space", "{\"data\":1}"), 400, "Idempotency-Key");
      problem(postWithKey(events(topic), "k".repeat(256), "{\"data\":1}"), 400, "Idempotency-Key");
      String last = Http.publish(server, topic, null, "4");
      List<SseEvent> got = s.await(e -> e.size() == 5, WAIT);
      assertEquals(
          List.of("1", "2", "3", "4"), got.subList(1, 5).stream().map(SseEvent::data).toList());
      assertEquals(last, got.get(4).lastEventId());
    }
  }

  @Test
  void refusalsAreProblemsAndPublishNothing() throws Exception {
    String topic = topic();
    URI ev = events(topic);
    try (RawStream s = RawStream.open(server.uri("/sse/" + topic))) {
      s.await(e -> e.size() == 1, WAIT);
      problem(Http.post(ev, "application/json", "{\"data\": "), 400, "JSON");
      problem(Http.post(ev, "application/json", "{\"data\": 1} {}"), 400, "JSON");
      problem(Http.post(ev, "application/json", "{\"type\":\"x\"}"), 400, "data");
      problem(Http.post(ev, "application/json", "{\"type\":\"a b\",\"data\":1}"), 400, "type");
      problem(
          Http.post(ev, "application/json", "{\"type\":\"connected\",\"data\":1}"), 400, "type");
      problem(Http.post(ev, "application/json", "{\"type\":\"gap\",\"data\":1}"), 400, "type");
      problem(
          Http.post(server.uri("/api/topics/" + topic + "/events?type=gap"), "text/plain", "x"),
          400,
          "type");
      problem(
          Http.post(ev, "application/json", "{\"data\":\"" + "x".repeat(65537) + "\"}"),
          413,
          "data");
      problem(Http.post(ev, "application/xml", "<a/>"), 415, "Content-Type");
      problem(Http.post(ev, null, "x"), 415, "Content-Type");
      problem(Http.post(server.uri("/api/events"), "text/plain", "x"), 415, "Content-Type");
      problem(
          Http.post(server.uri("/api/topics/a%2Fb/events"), "application/json", "{\"data\":1}"),
          400,
          "topic");
      problem(
          Http.post(server.uri("/api/topics/a//b/events"), "application/json", "{\"data\":1}"),
          400,
          "topic");
      problem(
          Http.post(server.uri("/api/topics/.hidden/events"), "application/json", "{\"data\":1}"),
          400,
          "topic");
      problem(
          Http.post(
              server.uri("/api/topics/herald/stats/events"), "application/json", "{\"data\":1}"),
          403,
          "herald/stats");
      problem(Http.post(server.uri("/api/events"), "application/json", "[]"), 400, "1 to 1000");
      problem(
          Http.post(
              server.uri("/api/events"),
              "application/json",
              "[{\"topic\":\"" + topic + "\",\"data\":1},{\"topic\":\"bad//t\",\"data\":1}]"),
          400,
          "[1].topic");
      problem(
          Http.post(
              server.uri("/api/events"),
              "application/json",
              "[{\"topic\":\"" + topic + "\",\"data\":1},{\"topic\":\"herald/x\",\"data\":1}]"),
          403,
          "[1].topic");
      problem(
          Http.post(
              server.uri("/api/events"),
              "application/json",
              "[{\"topic\":\"" + topic + "\",\"data\":\"" + "x".repeat(65537) + "\"}]"),
          413,
          "[0].data");
      StringBuilder tooMany = new StringBuilder("[");
      for (int i = 0; i < 1001; i++)
        tooMany
            .append(i == 0 ? "" : ",")
            .append("{\"topic\":\"")
            .append(topic)
            .append("\",\"data\":1}");
      problem(Http.post(server.uri("/api/events"), "application/json", tooMany + "]"), 400, "1001");
      // Nothing above was published: the next event is the first the stream sees.
      String id = Http.publish(server, topic, null, "\"only\"");
      List<SseEvent> got = s.await(e -> e.size() == 2, WAIT);
      assertEquals(id, got.get(1).lastEventId());
      assertEquals("only", got.get(1).data());
    }
  }

  @Test
  void badSubscriptionsAreProblems() {
    problem(get("/sse/a%2Fb"), 400, "topic");
    problem(get("/sse/a/"), 400, "topic");
    problem(get("/sse/a//b"), 400, "topic");
    problem(get("/sse/" + "s".repeat(65)), 400, "topic");
    problem(get("/sse"), 400, "topic");
    problem(get("/sse?topic=ok&topic=.."), 400, "topic");
    StringBuilder many = new StringBuilder("/sse?topic=t0");
    for (int i = 1; i <= 32; i++) many.append("&topic=t").append(i);
    problem(get(many.toString()), 400, "32");
    problem(get("/nothing-here"), 404, "");
    problem(
        Http.send(
            HttpRequest.newBuilder(server.uri("/sse/t"))
                .header("Accept", "application/json")
                .build()),
        406,
        "application/json");
    HttpResponse<String> post =
        Http.send(
            HttpRequest.newBuilder(server.uri("/sse/t"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build());
    problem(post, 405, "GET");
    assertEquals("GET, OPTIONS", post.headers().firstValue("Allow").orElse(""));
    problem(Http.send(HttpRequest.newBuilder(server.uri("/api/events")).DELETE().build()), 405, "");
    HttpResponse<String> put =
        Http.send(
            HttpRequest.newBuilder(server.uri("/api/topics/t/events"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":1}"))
                .header("Content-Type", "application/json")
                .build());
    problem(put, 405, "POST");
    assertEquals("GET, HEAD, POST, OPTIONS", put.headers().firstValue("Allow").orElse(""));
    HttpResponse<String> options =
        Http.send(
            HttpRequest.newBuilder(server.uri("/api/topics/t/events"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
    assertEquals(204, options.statusCode());
    assertEquals("GET, HEAD, POST, OPTIONS", options.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void optionsOnAStreamListsItsMethods() {
    HttpResponse<String> options =
        Http.send(
            HttpRequest.newBuilder(server.uri("/sse/t"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
    assertEquals(204, options.statusCode());
    assertEquals("GET, OPTIONS", options.headers().firstValue("Allow").orElse(""));
  }
}
