package dev.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * herald.js in a real browser, one tab: several topics on one stream, and every event exactly once
 * in order while the stream is cut every way it is cut in production.
 */
@ExtendWith(BrowserRig.class)
class BrowserClientIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Quick retries, so the tests see several attempts in seconds; a cap keeps them spaced. */
  private static final String FAST = "\"backoff\":{\"base\":200,\"cap\":1000}";

  private final BrowserRig rig = BrowserRig.get();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private Browser.Tab open(List<String> topics, String options, String... switches) {
    Browser.Tab tab = rig.browser.open(rig.page(topics, options, switches));
    tab.await("herald.js to open", "window.lifecycle.some(l => l.kind === 'open')", WAIT);
    return tab;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> received(Browser.Tab tab) {
    return (List<Map<String, Object>>) tab.eval("return window.received;");
  }

  private static List<Object> data(Browser.Tab tab) {
    return received(tab).stream().map(e -> e.get("data")).toList();
  }

  private static List<Object> numbers(int n) {
    return IntStream.range(0, n).mapToObj(i -> (Object) ("n" + i)).toList();
  }

  @Test
  void onePageGetsSeveralTopicsOnOneConnectionEachWithItsTopicAndData() {
    String a = "browser/" + run + "/a";
    String b = "browser/" + run + "/b";
    Browser.Tab tab = open(List.of(a, b), "{\"share\":false}");
    assertEquals(1, rig.herald.connections());
    String status = rig.publishJson(a, "status", "{\"state\":\"shipped\"}");
    rig.publish(b, "plain text");
    rig.publishJson(b, "message", "\"plain text\"");
    tab.await("three events", "window.received.length === 3", WAIT);
    List<Map<String, Object>> got = received(tab);
    assertEquals(status, got.get(0).get("id"));
    assertEquals(a, got.get(0).get("topic"));
    assertEquals("status", got.get(0).get("type"));
    assertEquals(Map.of("state", "shipped"), got.get(0).get("data"));
    assertEquals(b, got.get(1).get("topic"));
    assertEquals("message", got.get(1).get("type"));
    assertEquals(
        List.of("plain text", "plain text"),
        List.of(got.get(1).get("data"), got.get(2).get("data")));
    assertEquals(1, rig.herald.connections(), "both topics on one stream");
  }

  @Test
  void streamsCutByTheirLifetimeTheHubLimitAndAFailingProxyLoseNothing() throws Exception {
    String topic = "browser/" + run + "/cuts";
    Browser.Tab tab = open(List.of(topic), "{\"share\":false," + FAST + "}");
    int n = 150;
    Thread publisher = publisher(topic, n, Duration.ofMillis(60));
    publisher.start();
    // The hub full for 2 s while the page's stream is cut (its lifetime cuts it too, every 3 s):
    // its reconnect gets 503, on which a browser's EventSource gives up for good. Waiting
    // long-polls hold the places, as they have no lifetime of their own; the last one takes the
    // page's own place once Herald has let it go.
    String filler = "browser/" + run + "/filler";
    List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    for (int i = 1; i < BrowserRig.MAX_CONNECTIONS; i++) polls.add(takeAPlace(filler));
    rig.gate.cut();
    polls.add(takeAPlace(filler));
    pause(Duration.ofSeconds(2));
    rig.publish(filler, "release");
    for (var p : polls) assertEquals(200, p.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode());
    pause(Duration.ofSeconds(1));
    String refused = "GET /sse?topic=" + topic.replace("/", "%2F");
    assertTrue(
        rig.nginx.accessLog().lines().anyMatch(l -> l.contains(refused) && l.contains("\" 503 ")),
        "the page's stream was refused a place");
    int before = rig.gate.badGateways();
    rig.gate.shut();
    pause(Duration.ofSeconds(3));
    rig.gate.open();
    int badGateways = rig.gate.badGateways() - before;
    publisher.join(WAIT.toMillis());
    tab.await(n + " events", "window.received.length >= " + n, WAIT);
    assertEquals(numbers(n), data(tab), "every event once, in order");
    assertTrue(badGateways >= 1, "the proxy's 502s reached the page");
    // 3 s of 502s with retries of 200 ms doubling to a 1 s cap, for a stream and, once it falls
    // back, a poll beside it: a dozen or so; a client retrying without backoff makes hundreds.
    assertTrue(badGateways <= 30, badGateways + " attempts in 3 s");
  }

  @Test
  void withoutEventSourceThePageLongPollsAndStillGetsEveryEventOnce() throws Exception {
    String topic = "browser/" + run + "/poll";
    Browser.Tab tab = open(List.of(topic), "{\"share\":false," + FAST + "}", "noEventSource");
    assertTrue(
        (Boolean)
            tab.eval(
                "return window.lifecycle.some(l => l.kind === 'open' && l.info.transport === 'poll');"),
        "herald.js fell back to long-polling");
    int n = 80;
    Thread publisher = publisher(topic, n, Duration.ofMillis(40));
    publisher.start();
    pause(Duration.ofSeconds(1));
    rig.gate.shut();
    pause(Duration.ofSeconds(2));
    rig.gate.open();
    publisher.join(WAIT.toMillis());
    tab.await(n + " events", "window.received.length >= " + n, WAIT);
    assertEquals(numbers(n), data(tab), "every event once, in order");
    assertEquals(0, rig.herald.connections(), "no stream was opened");
  }

  @Test
  void aPageWhoseTokenExpiresRefreshesItAndResumesWithoutLoss() throws Exception {
    String topic = "private/" + run;
    String token = BrowserRig.token(3, List.of("private/**"));
    Browser.Tab tab = open(List.of(topic), "{\"share\":false," + FAST + "}", "token=" + token);
    tab.eval("window.tokens.push(arguments[0]);", BrowserRig.token(300, List.of("private/**")));
    int n = 40;
    Thread publisher = publisher(topic, n, Duration.ofMillis(150));
    publisher.start();
    publisher.join(WAIT.toMillis());
    tab.await(n + " events", "window.received.length >= " + n, WAIT);
    assertEquals(numbers(n), data(tab), "every event once, in order");
    assertTrue(
        (Boolean) tab.eval("return window.lifecycle.some(l => l.kind === 'reauth');"),
        "the page was asked to refresh its token");
  }

  @Test
  void aRestartedHeraldIsReportedAsATruncatedGap() throws Exception {
    String topic = "browser/" + run + "/restart";
    Browser.Tab tab = open(List.of(topic), "{\"share\":false," + FAST + "}");
    rig.publish(topic, "before");
    tab.await("the first event", "window.received.length === 1", WAIT);
    // The drain ends streams at once, so the stop need not wait for them.
    Http.send(
        HttpRequest.newBuilder(rig.herald.uri("/api/admin/drain"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
    rig.herald.restart();
    tab.await(
        "a truncated gap",
        "window.lifecycle.some(l => l.kind === 'gap' && l.info.reason === 'truncated')",
        Duration.ofSeconds(60));
    // Back by stream or, after failing streams, by long-poll: either way the next event arrives.
    rig.publish(topic, "after");
    tab.await("the next event", "window.received.length === 2", WAIT);
    assertEquals(List.of("before", "after"), data(tab));
  }

  /**
   * A poll that waits, once a place is free: the page may hold two for a moment while it reopens
   * its stream, and the last place comes free only once Herald lets the cut stream go.
   */
  private CompletableFuture<HttpResponse<String>> takeAPlace(String topic) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      CompletableFuture<HttpResponse<String>> p = poll(topic);
      try {
        HttpResponse<String> refused = p.get(500, TimeUnit.MILLISECONDS);
        assertEquals(503, refused.statusCode(), refused.body());
      } catch (TimeoutException waiting) {
        return p;
      }
    }
    throw new AssertionError("no place came free in " + WAIT);
  }

  private CompletableFuture<HttpResponse<String>> poll(String topic) {
    return Http.CLIENT.sendAsync(
        HttpRequest.newBuilder(rig.herald.uri("/api/topics/" + topic + "/events?wait=25")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Thread publisher(String topic, int n, Duration every) {
    return new Thread(
        () -> {
          for (int i = 0; i < n; i++) {
            rig.publish(topic, "n" + i);
            pause(every);
          }
        },
        "browser-publisher");
  }

  private static void pause(Duration d) {
    java.util.concurrent.locks.LockSupport.parkNanos(d.toNanos());
  }
}
