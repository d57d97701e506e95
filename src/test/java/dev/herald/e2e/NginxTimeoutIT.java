package dev.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.RawStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Herald of its own behind the shipped site: its heartbeat (10 s) above a 3 s read timeout, and
 * nginx named in {@code HERALD_PROXY_TRUSTED} with two streams per client, so the per-client limit
 * is seen to count the clients behind nginx, not nginx.
 */
class NginxTimeoutIT {
  private static HeraldServer herald;
  private static Nginx shortTimeout;
  private static Nginx shipped;

  @BeforeAll
  static void start() {
    herald =
        HeraldServer.create(
                "e2e-nginx-slow-heartbeat",
                Map.of(
                    "HERALD_STREAM_HEARTBEAT", "10s",
                    "HERALD_PROXY_TRUSTED", "127.0.0.1/32",
                    "HERALD_CONNECTIONS_MAX_PER_CLIENT", "2",
                    "HERALD_STATS_INTERVAL", "1h"))
            .start();
    shortTimeout =
        Nginx.start(
            "timeout-short",
            Nginx.Site.shipped("herald-local.conf")
                .herald(herald.port())
                .listen("http", "8080;")
                .replace(
                    "herald-proxy.conf", "proxy_read_timeout 300s;", "proxy_read_timeout 3s;"));
    shipped =
        Nginx.start(
            "timeout-shipped",
            Nginx.Site.shipped("herald-local.conf").herald(herald.port()).listen("http", "8080;"));
  }

  @AfterAll
  static void stop() {
    if (shortTimeout != null) shortTimeout.close();
    if (shipped != null) shipped.close();
    if (herald != null) herald.close();
  }

  @Test
  void aHeartbeatAboveTheReadTimeoutGetsTheStreamCut() throws Exception {
    try (RawStream s = RawStream.open(shortTimeout.uri("http", "/sse/nginx/cut"))) {
      s.awaitCount(1, Duration.ofSeconds(5));
      long connected = System.nanoTime();
      assertTrue(s.awaitEnd(Duration.ofSeconds(9)), "nginx kept an idle stream past its timeout");
      long millis = Duration.ofNanos(System.nanoTime() - connected).toMillis();
      assertTrue(millis >= 2_500, "cut after " + millis + " ms, before nginx's 3 s");
      assertTrue(!s.body().contains(": hb"), "a heartbeat came before the cut");
    }
  }

  @Test
  void perClientLimitsCountTheClientsBehindTheProxy() throws Exception {
    List<RawStream> open = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) open.add(stream("127.0.0.3"));
      for (RawStream s : open) assertEquals(200, s.status());
      try (RawStream third = stream("127.0.0.3")) {
        assertEquals(429, third.status(), third.errorBody(Duration.ofSeconds(5)));
        assertTrue(third.header("retry-after") != null);
      }
      open.add(stream("127.0.0.4"));
      assertEquals(200, open.get(2).status(), "another client behind nginx was refused");
    } finally {
      for (RawStream s : open) s.close();
    }
  }

  /** A stream opened through nginx from {@code client}'s address. */
  private static RawStream stream(String client) throws IOException {
    return RawStream.open(shipped.uri("http", "/sse/nginx/per-client"), Map.of(), client);
  }
}
