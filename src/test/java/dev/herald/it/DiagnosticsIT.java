package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.SseEvent;
import dev.herald.testing.StandardServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /sse/herald/diagnostics} on the wire: timestamped probes at a fixed pace outside the log,
 * then {@code done} and the end; a stream of its own only. (What a browser makes of it, through
 * proxies, is in the e2e suite.)
 */
@ExtendWith(StandardServer.class)
class DiagnosticsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void sendsItsProbesOnScheduleThenDoneAndEnds() throws Exception {
    var server = StandardServer.get();
    try (RawStream s = RawStream.open(server.uri("/sse/herald/diagnostics"))) {
      assertEquals(200, s.status());
      assertTrue(s.awaitEnd(WAIT), "the diagnostics stream ends by itself");
      List<SseEvent> events = s.events();
      assertEquals("connected", events.get(0).type());
      assertFalse(events.get(0).hadIdField(), "nothing here moves a client's cursor");
      List<SseEvent> probes = events.stream().filter(e -> e.type().equals("probe")).toList();
      assertEquals(20, probes.size());
      long first = Http.json(probes.get(0).data()).getJsonNumber("sentAt").longValue();
      long last = Http.json(probes.get(19).data()).getJsonNumber("sentAt").longValue();
      assertTrue(last - first >= 19 * 250 - 50, "sent at a fixed pace: " + (last - first) + " ms");
      for (int i = 0; i < 20; i++) {
        assertEquals(i, Http.json(probes.get(i).data()).getInt("seq"));
        assertFalse(probes.get(i).hadIdField());
      }
      assertEquals("done", events.get(events.size() - 1).type());
    }
  }

  @Test
  void isAStreamOfItsOwnOnly() throws Exception {
    var server = StandardServer.get();
    try (RawStream s = RawStream.open(server.uri("/sse?topic=herald/diagnostics&topic=orders/1"))) {
      assertEquals(400, s.status());
      assertTrue(s.errorBody(WAIT).contains("diagnostics-alone"));
    }
    try (RawStream s = RawStream.open(server.uri("/sse/herald/diagnostics?idle=maybe"))) {
      assertEquals(400, s.status());
    }
  }

  @Test
  void theDashboardIsThePageAtTheRoot() {
    HttpResponse<String> page = Http.get(StandardServer.get().uri("/"));
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.headers().firstValue("ETag").isPresent());
    assertTrue(page.body().contains("/herald.mjs"), "the dashboard runs on herald.js");
  }
}
