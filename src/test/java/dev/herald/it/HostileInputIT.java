package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.security.Tokens4Tests;
import dev.herald.testing.GuardedServer;
import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawStream;
import dev.herald.testing.SseEvent;
import dev.herald.testing.StandardServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input, case by case: each names its answer (Herald's problem+json, or Liberty's own where
 * its HTTP layer refuses first), and after each, nothing was published (a subscriber watching
 * throughout sees the next canary and nothing before it) and the server is still ready. Long-poll
 * cases join when that endpoint exists.
 */
@ExtendWith({StandardServer.class, GuardedServer.class})
class HostileInputIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String TOPIC = "battery";
  private static RawStream openWatcher;
  private static RawStream guardedWatcher;
  private static int canaries;

  /** Which server a case goes to: the open one (anonymous local publishing) or the keyed one. */
  enum On {
    OPEN,
    GUARDED;

    HeraldServer server() {
      return this == OPEN ? StandardServer.get() : GuardedServer.get();
    }
  }

  /** One hostile request and the answer it must get; {@code herald} when Herald itself answers. */
  record Case(String name, On on, String head, byte[] body, int status, boolean herald) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Tokens4Tests KEYS = GuardedServer.KEYS;
  private static final Tokens4Tests FORGER = new Tokens4Tests();

  private static String token(long expiresIn) {
    return KEYS.sign(
        Tokens4Tests.claims("battery", expiresIn, List.of(TOPIC), List.of(TOPIC)), KEYS.rsa);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String before, byte[] middle, String after) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(utf8(before));
    b.writeBytes(middle);
    b.writeBytes(utf8(after));
    return b.toByteArray();
  }

  private static Case post(
      String name, On on, String path, String headers, byte[] body, int status) {
    return new Case(name, on, "POST " + path + " HTTP/1.1\r\n" + headers, body, status, true);
  }

  private static Case json(String name, String path, String body, int status) {
    return post(name, On.OPEN, path, "Content-Type: application/json\r\n", utf8(body), status);
  }

  /** Liberty's web container refuses control characters in a path before Herald sees them. */
  private static Case refusedByLiberty(Case c) {
    return new Case(
        c.name() + " (Liberty's answer)", c.on(), c.head(), c.body(), c.status(), false);
  }

  private static Case stream(String name, String path, String headers, int status) {
    return new Case(
        name,
        On.OPEN,
        "GET "
            + path
            + " HTTP/1.1\r\n"
            + (headers.startsWith("Accept:") ? "" : "Accept: text/event-stream\r\n")
            + headers,
        new byte[0],
        status,
        true);
  }

  private static Case bearer(String name, String token, int status) {
    return post(
        name,
        On.GUARDED,
        "/api/topics/" + TOPIC + "/events",
        "Content-Type: application/json\r\nAuthorization: Bearer " + token + "\r\n",
        utf8("{\"data\":\"x\"}"),
        status);
  }

  static Stream<Case> cases() {
    String events = "/api/topics/" + TOPIC + "/events";
    String unsigned =
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(utf8("{\"alg\":\"none\"}"))
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    utf8("{\"sub\":\"x\",\"exp\":9999999999,\"herald\":{\"publish\":[\"**\"]}}"))
            + ".";
    List<Case> c = new ArrayList<>();
    // Publishing: control characters, names, sizes, encodings, shapes.
    c.add(json("type with CR LF", events, "{\"type\":\"a\\r\\nid: 9\",\"data\":1}", 400));
    c.add(json("type with NUL", events, "{\"type\":\"a\\u0000b\",\"data\":1}", 400));
    c.add(json("type with a space", events, "{\"type\":\"a b\",\"data\":1}", 400));
    c.add(
        json(
            "type 65 characters", events, "{\"type\":\"" + "t".repeat(65) + "\",\"data\":1}", 400));
    c.add(json("type connected", events, "{\"type\":\"connected\",\"data\":1}", 400));
    c.add(json("type gap", events, "{\"type\":\"gap\",\"data\":1}", 400));
    c.add(json("type reauth", events, "{\"type\":\"reauth\",\"data\":1}", 400));
    c.add(json("type not a string", events, "{\"type\":7,\"data\":1}", 400));
    c.add(
        refusedByLiberty(
            json(
                "topic with encoded CR LF",
                "/api/topics/a%0D%0Aid:%209/events",
                "{\"data\":1}",
                400)));
    c.add(
        refusedByLiberty(
            json("topic with encoded NUL", "/api/topics/a%00b/events", "{\"data\":1}", 400)));
    c.add(json("topic with encoded slash", "/api/topics/a%2Fb/events", "{\"data\":1}", 400));
    c.add(json("topic with an empty segment", "/api/topics/a//b/events", "{\"data\":1}", 400));
    c.add(json("topic dot-dot segment", "/api/topics/a/%2E%2E/events", "{\"data\":1}", 400));
    c.add(json("topic starting with a dot", "/api/topics/.hidden/events", "{\"data\":1}", 400));
    c.add(
        json(
            "topic 257 characters",
            "/api/topics/" + "t".repeat(257) + "/events",
            "{\"data\":1}",
            400));
    c.add(json("topic of 9 segments", "/api/topics/a/b/c/d/e/f/g/h/i/events", "{\"data\":1}", 400));
    c.add(json("Herald's own topic", "/api/topics/herald/stats/events", "{\"data\":1}", 403));
    c.add(json("malformed JSON", events, "{\"data\":", 400));
    c.add(json("JSON then garbage", events, "{\"data\":1} x", 400));
    c.add(json("empty body", events, "", 400));
    c.add(json("no data", events, "{\"type\":\"x\"}", 400));
    c.add(json("data over the limit", events, "{\"data\":\"" + "x".repeat(65_537) + "\"}", 413));
    c.add(json("a 2 MB body", events, "{\"data\":\"" + "x".repeat(2_000_000) + "\"}", 413));
    c.add(
        json(
            "JSON nested 100,000 deep",
            events,
            "{\"data\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
            400));
    c.add(
        post(
            "invalid UTF-8 in JSON",
            On.OPEN,
            events,
            "Content-Type: application/json\r\n",
            bytes("{\"data\":\"", new byte[] {(byte) 0xC3, 0x28}, "\"}"),
            400));
    c.add(
        post(
            "invalid UTF-8 in text",
            On.OPEN,
            events,
            "Content-Type: text/plain\r\n",
            new byte[] {'a', (byte) 0xFF},
            400));
    c.add(
        post(
            "unknown charset",
            On.OPEN,
            events,
            "Content-Type: text/plain; charset=nope\r\n",
            utf8("a"),
            415));
    c.add(post("no content type", On.OPEN, events, "", utf8("{\"data\":1}"), 415));
    c.add(post("HTML", On.OPEN, events, "Content-Type: text/html\r\n", utf8("<b>x</b>"), 415));
    c.add(
        json(
            "batch of 1001",
            "/api/events",
            "["
                + "{\"topic\":\"battery\",\"data\":1},".repeat(1000)
                + "{\"topic\":\"battery\",\"data\":1}]",
            400));
    c.add(
        json(
            "batch with one bad topic",
            "/api/events",
            "[{\"topic\":\"battery\",\"data\":1},{\"topic\":\"a//b\",\"data\":1}]",
            400));
    c.add(json("batch not an array", "/api/events", "{\"topic\":\"battery\",\"data\":1}", 400));
    c.add(json("batch of non-objects", "/api/events", "[1,2,3]", 400));
    c.add(
        post(
            "idempotency key with a space",
            On.OPEN,
            events,
            "Content-Type: application/json\r\nIdempotency-Key: a b\r\n",
            utf8("{\"data\":1}"),
            400));
    c.add(
        post(
            "idempotency key of 256",
            On.OPEN,
            events,
            "Content-Type: application/json\r\nIdempotency-Key: " + "k".repeat(256) + "\r\n",
            utf8("{\"data\":1}"),
            400));
    c.add(
        new Case(
            "a 64 KB header",
            On.OPEN,
            "POST "
                + events
                + " HTTP/1.1\r\nContent-Type: application/json\r\nX-Big: "
                + "b".repeat(65_536)
                + "\r\n",
            utf8("{\"data\":1}"),
            400,
            false));
    c.add(
        post(
            "a foreign origin",
            On.OPEN,
            events,
            "Content-Type: application/json\r\nOrigin: https://evil.example\r\n",
            utf8("{\"data\":1}"),
            403));
    c.add(
        post(
            "a null origin",
            On.OPEN,
            events,
            "Content-Type: application/json\r\nOrigin: null\r\n",
            utf8("{\"data\":1}"),
            403));
    c.add(
        post(
            "a rebinding Host",
            On.OPEN,
            events.replace("/api", "/api"),
            "Content-Type: application/json\r\nX-Forwarded-For: 203.0.113.9\r\n",
            utf8("{\"data\":1}"),
            401));
    // Subscribing.
    c.add(
        refusedByLiberty(
            stream("stream topic with encoded CR LF", "/sse/a%0D%0Aevent:%20x", "", 400)));
    c.add(stream("stream topic dot-dot", "/sse/a/%2E%2E", "", 400));
    c.add(stream("stream topic with an empty segment", "/sse/a//b", "", 400));
    c.add(stream("stream of no topic", "/sse?topic=", "", 400));
    c.add(
        stream(
            "stream of 33 topics",
            "/sse?topic=t0"
                + java.util.stream.IntStream.rangeClosed(1, 32)
                    .mapToObj(i -> "&topic=t" + i)
                    .collect(java.util.stream.Collectors.joining()),
            "",
            400));
    c.add(stream("stream not accepting SSE", "/sse/battery", "Accept: application/json\r\n", 406));
    c.add(
        stream(
            "stream from a foreign origin",
            "/sse/battery",
            "Origin: https://evil.example\r\n",
            403));
    c.add(
        new Case(
            "POST to a stream", On.OPEN, "POST /sse/battery HTTP/1.1\r\n", new byte[0], 405, true));
    // Tokens.
    c.add(bearer("token expired", token(-120), 401));
    c.add(bearer("token not a JWT", "garbage", 401));
    c.add(bearer("token empty", "", 401));
    c.add(bearer("token alg none", unsigned, 401));
    c.add(
        bearer(
            "token forged",
            new Tokens4Tests()
                .sign(Tokens4Tests.claims("battery", 60, List.of("**"), List.of()), KEYS.rsa)
                .replaceFirst("\\.[^.]+$", ".AAAA"),
            401));
    c.add(
        bearer(
            "token HS256",
            Tokens4Tests.sign(
                Tokens4Tests.claims("battery", 60, List.of("**"), List.of()),
                KEYS.rsa,
                AlgorithmIdentifiers.RSA_PSS_USING_SHA256),
            401));
    // Bodies over herald.publish.max-request-bytes (100 kB on the guarded server): refused before
    // they are read, and the token is asked for first.
    String data = "\"" + "x".repeat(150_000) + "\"";
    String withToken =
        "Content-Type: application/json\r\nAuthorization: Bearer " + token(60) + "\r\n";
    c.add(
        post(
            "a body over the request limit",
            On.GUARDED,
            events,
            withToken,
            utf8("{\"data\":" + data + "}"),
            413));
    c.add(
        post(
            "a batch over the request limit",
            On.GUARDED,
            "/api/events",
            withToken,
            utf8("[{\"topic\":\"" + TOPIC + "\",\"data\":" + data + "}]"),
            413));
    c.add(
        post(
            "a body over the request limit without a token",
            On.GUARDED,
            events,
            "Content-Type: application/json\r\n",
            utf8("{\"data\":" + data + "}"),
            401));
    c.add(
        post(
            "token only in the query",
            On.GUARDED,
            events + "?access_token=" + token(60),
            "Content-Type: application/json\r\n",
            utf8("{\"data\":1}"),
            401));
    c.add(
        post(
            "token only in a cookie",
            On.GUARDED,
            events,
            "Content-Type: application/json\r\nCookie: herald_token=" + token(60) + "\r\n",
            utf8("{\"data\":1}"),
            401));
    return c.stream();
  }

  @BeforeAll
  static void watch() throws Exception {
    openWatcher = RawStream.open(StandardServer.get().uri("/sse/" + TOPIC));
    openWatcher.await(e -> e.size() == 1, WAIT);
    guardedWatcher = RawStream.open(GuardedServer.get().uri("/sse/" + TOPIC));
    guardedWatcher.await(e -> e.size() == 1, WAIT);
  }

  @AfterAll
  static void stopWatching() throws Exception {
    openWatcher.close();
    guardedWatcher.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedAndPublishesNothing(Case c) throws Exception {
    HeraldServer server = c.on().server();
    RawHttp.Answer a = RawHttp.exchange(server.port(), c.head(), c.body());
    assertEquals(c.status(), a.status(), c.name() + ": " + a.body());
    if (c.herald()) {
      assertTrue(
          String.valueOf(a.header("Content-Type")).startsWith("application/problem+json"),
          c.name() + ": " + a.headers());
      assertEquals(c.status(), Http.json(a.body()).getInt("status"));
    }
    assertFalse(a.body().contains("Exception") || a.body().contains("\tat "), a.body());
    assertEquals(200, Http.get(server.uri("/health/ready")).statusCode(), "not ready after " + c);
    assertNothingPublished(c.on());
  }

  /** Publishes a canary: it must be the very next event the watcher sees. */
  private static void assertNothingPublished(On on) throws Exception {
    RawStream watcher = on == On.OPEN ? openWatcher : guardedWatcher;
    int before = watcher.eventCount();
    HttpRequest.Builder r =
        HttpRequest.newBuilder(on.server().uri("/api/topics/" + TOPIC + "/events"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"type\":\"canary\",\"data\":" + ++canaries + "}"));
    if (on == On.GUARDED) r.header("Authorization", "Bearer " + token(60));
    HttpResponse<String> published = Http.send(r.build());
    assertEquals(201, published.statusCode(), published.body());
    List<SseEvent> got = watcher.await(e -> e.size() > before, WAIT);
    SseEvent next = got.get(before);
    assertEquals("canary", next.type(), "something else was published: " + next);
    assertEquals(Http.json(published.body()).getString("id"), next.lastEventId());
  }

  /**
   * Bad cursors never refuse a stream (a browser would give up for good): 200 and an unknown gap.
   */
  @ParameterizedTest(name = "cursor {0}")
  @MethodSource("cursors")
  void aBadCursorGetsAStreamWithAnUnknownGap(String encodedCursor) throws Exception {
    try (RawStream s =
        RawStream.open(
            StandardServer.get().uri("/sse/" + TOPIC + "?lastEventId=" + encodedCursor))) {
      assertEquals(200, s.status());
      List<SseEvent> got = s.await(e -> e.size() == 2, WAIT);
      assertEquals("gap", got.get(1).type());
      assertTrue(got.get(1).data().contains("\"reason\":\"unknown\""), got.get(1).data());
      assertFalse(s.body().contains("\nid: 9\n"), "a cursor injected a field: " + s.body());
    }
  }

  static Stream<String> cursors() {
    return Stream.of(
        "1-1%0D%0Aid:%209",
        "1-1%00", "-1-0", "99999999999999999999-0", "1-", "x".repeat(10_000), "%E2%9C%93-1");
  }
}
