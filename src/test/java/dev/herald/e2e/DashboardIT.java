package dev.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.security.Tokens4Tests;
import dev.herald.testing.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The page at {@code /} in a real browser: its diagnosis, direct and through nginx set up the two
 * ways that break streams, and its live log and stats chart. Leaves a screenshot of the dashboard
 * at work in {@code target/screenshots/dashboard.png} (the README shows one).
 */
@ExtendWith(BrowserRig.class)
class DashboardIT {
  private static final Duration WAIT = Duration.ofSeconds(40);

  /**
   * nginx at its most unhelpful: a bare {@code proxy_pass} (HTTP/1.0 upstream, buffering on) told
   * to ignore Herald's X-Accel-Buffering, so it holds the stream until its buffer fills.
   */
  private static final String BUFFERING_SITE =
      String.join(
          "\n",
          "upstream herald { server 127.0.0.1:9080; }",
          "server {",
          "    listen 8080;",
          "    location / {",
          "        proxy_pass http://herald;",
          "        proxy_buffering on;",
          "        proxy_ignore_headers X-Accel-Buffering;",
          "        proxy_hide_header X-Accel-Buffering;",
          "    }",
          "}",
          "");

  private final BrowserRig rig = BrowserRig.get();

  @SuppressWarnings("unchecked")
  private Map<String, Object> diagnose(URI dashboard, boolean idle) {
    Browser.Tab tab = rig.browser.open(dashboard);
    tab.await("the dashboard", "window.dashboard", WAIT);
    if (idle) tab.click("idle");
    tab.click("diagnose");
    tab.await("the diagnosis", "window.dashboard.diagnosis", WAIT);
    Map<String, Object> d = (Map<String, Object>) tab.eval("return window.dashboard.diagnosis;");
    String shown = (String) tab.eval("return document.getElementById('verdict').textContent;");
    assertTrue(shown.startsWith(d.get("verdict") + ": "), shown);
    return d;
  }

  @Test
  void theDiagnosisSaysOkDirect() {
    Map<String, Object> d = diagnose(rig.herald.uri("/"), false);
    assertEquals("ok", d.get("verdict"), d.toString());
    assertEquals(null, d.get("fix"));
  }

  @Test
  void theDiagnosisSaysBufferedThroughABufferingProxyAndNamesTheFix() {
    try (Nginx nginx =
        Nginx.start(
            "buffering",
            Nginx.Site.own(BUFFERING_SITE).herald(rig.herald.port()).listen("http", "8080;"))) {
      Map<String, Object> d = diagnose(nginx.uri("http", "/"), false);
      assertEquals("buffered", d.get("verdict"), d.toString());
      assertTrue(((String) d.get("fix")).contains("proxy_buffering off"), d.toString());
    }
  }

  @Test
  void theIdleDiagnosisSaysCutBelowTheHeartbeat() {
    try (Nginx nginx =
        Nginx.start(
            "short-timeout",
            Nginx.Site.shipped("herald-local.conf")
                .herald(rig.herald.port())
                .listen("http", "8080;")
                .replace(
                    "herald-proxy.conf",
                    "proxy_read_timeout 300s;",
                    "proxy_read_timeout 500ms;"))) {
      Map<String, Object> d = diagnose(nginx.uri("http", "/"), true);
      assertEquals("cut", d.get("verdict"), d.toString());
      @SuppressWarnings("unchecked")
      Map<String, Object> data = (Map<String, Object>) d.get("data");
      double after = ((Number) data.get("cutAfterSeconds")).doubleValue();
      assertTrue(after < 3, "cut after " + after + " s, by the 0.5 s read timeout");
      assertTrue(((String) d.get("fix")).contains("proxy_read_timeout"), d.toString());
    }
  }

  @Test
  void theDashboardShowsLiveEventsAndItsChartMovesWhilePublishing() {
    String topic = "dashboard/" + UUID.randomUUID().toString().substring(0, 8);
    Browser.Tab tab = rig.browser.open(rig.herald.uri("/"));
    tab.await("the dashboard", "window.dashboard", WAIT);
    assertEquals(0, rig.herald.connections(), "the page opens no stream by itself");
    tab.type("topics", topic);
    tab.click("watch");
    tab.await(
        "the stream open",
        "document.getElementById('connection').textContent.startsWith('open')",
        WAIT);
    tab.click("stats");
    for (int i = 0; i < 40; i++) {
      rig.publishJson(topic, "tick", "{\"n\":" + i + "}");
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    tab.await(
        "the events in the log",
        "document.getElementById('log').textContent.includes('{\"n\":39}')",
        WAIT);
    tab.await(
        "the chart to move",
        "document.getElementById('chart').dataset.points >= 3"
            + " && document.getElementById('chart').dataset.maxPublished > 0",
        WAIT);
    tab.type("pubTopic", topic);
    tab.click("publish");
    tab.await(
        "the form's publish",
        "document.getElementById('pubResult').textContent.startsWith('published')",
        WAIT);
    tab.screenshot(Path.of("target/screenshots/dashboard.png"));
  }

  @Test
  void theDashboardPublishesWithATokenThroughTheShippedProxy() {
    String topic = "dashboard/" + UUID.randomUUID().toString().substring(0, 8);
    String token =
        BrowserRig.KEYS.sign(
            Tokens4Tests.claims("operator", 60, List.of(topic), List.of()), BrowserRig.KEYS.rsa);
    // nginx names the origin it was addressed by, and the rig trusts it: the page's POST is its
    // own, not a foreign origin's, although Herald itself sees another scheme-less Host.
    // A cursor just before the form's event: ids are global, so only the topic's own order says
    // which event the form published.
    String before = rig.publishJson(topic, "earlier", "0");
    Browser.Tab tab = rig.browser.open(rig.nginx.uri("http", "/"));
    tab.await("the dashboard", "window.dashboard", WAIT);
    tab.type("pubTopic", topic);
    tab.type("pubToken", token);
    tab.click("publish");
    tab.await(
        "the form's publish",
        "document.getElementById('pubResult').textContent.startsWith('published')",
        WAIT);
    String shown = (String) tab.eval("return document.getElementById('pubResult').textContent;");
    HttpResponse<String> after =
        Http.send(
            HttpRequest.newBuilder(
                    rig.herald.uri("/api/topics/" + topic + "/events?wait=0&after=" + before))
                .build());
    assertEquals(200, after.statusCode(), after.body());
    var events = Http.json(after.body()).getJsonArray("events");
    assertEquals(1, events.size(), after.body());
    assertEquals(shown, "published " + events.getJsonObject(0).getString("id"), after.body());
    assertEquals("message", events.getJsonObject(0).getString("type"), after.body());
  }
}
