package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Await;
import dev.herald.testing.DeployKit;
import dev.herald.testing.Http;
import dev.herald.testing.QuietServer;
import dev.herald.testing.RawStream;
import dev.herald.testing.Scrape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /metrics} against a known workload on a server with no traffic of its own: every counter
 * moves by exactly what the workload did, under exactly the names Prometheus is promised.
 */
@ExtendWith(QuietServer.class)
class MetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Pattern METRIC = Pattern.compile("\\bherald_[a-z_]+\\b");

  /** Longer than the half second in which the metrics follow the hub's counters. */
  private static final Duration FOLLOW = Duration.ofMillis(700);

  @Test
  void aKnownWorkloadMovesEachCounterByExactlyItsShare() throws Exception {
    var server = QuietServer.get();
    // herald/stats publishes once as the server starts, perhaps just after it is ready, and the
    // metrics follow the hub's counters every half second: count from a scrape that has both.
    Await.polling(
        "the published counter to settle",
        WAIT,
        Duration.ofMillis(100),
        () -> {
          double now = Scrape.of(server).value("herald_events_published_total");
          LockSupport.parkNanos(FOLLOW.toNanos());
          return now >= 1 && now == Scrape.of(server).value("herald_events_published_total");
        });
    Scrape before = Scrape.of(server);
    String topic = "metrics/" + UUID.randomUUID();
    List<RawStream> streams = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) streams.add(RawStream.open(server.uri("/sse/" + topic)));
      for (RawStream s : streams) s.awaitCount(1, WAIT);
      String first = Http.publish(server, topic, "m", "1");
      Http.publish(server, topic, "m", "2");
      Http.publish(server, topic, "m", "3");
      for (RawStream s : streams) s.awaitCount(4, WAIT);
      // A resume replays two; a cursor Herald never issued gets a gap.
      RawStream resumed =
          RawStream.open(server.uri("/sse/" + topic), Map.of("Last-Event-ID", first));
      streams.add(resumed);
      resumed.awaitCount(3, WAIT);
      RawStream unknown =
          RawStream.open(server.uri("/sse/" + topic), Map.of("Last-Event-ID", "99999999999999-0"));
      streams.add(unknown);
      unknown.await(e -> e.stream().anyMatch(x -> x.type().equals("gap")), WAIT);
      try (RawStream refused =
          RawStream.open(server.uri("/sse/" + topic), Map.of("Authorization", "Bearer x.y.z"))) {
        assertEquals(401, refused.status());
      }
      // Logged once with who and why; the same refusal again within the minute is not.
      server.awaitLog("Refused a stream of address:127.0.0.1 (auth, 401 invalid-token)", WAIT);
      try (RawStream bad = RawStream.open(server.uri("/sse/bad%20topic"))) {
        assertEquals(400, bad.status()); // bad input is not a refused connection
      }
      // All four streams end at their maximum duration (3 s): the lifetime evictions.
      for (RawStream s : streams) assertTrue(s.awaitEnd(WAIT), "a stream outlived its maximum");
    } finally {
      for (RawStream s : streams) s.close();
    }

    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("herald_events_published_total", 3.0);
    expected.put("herald_events_delivered_total", 6.0);
    expected.put("herald_events_replayed_total", 2.0);
    expected.put("herald_gaps_total", 1.0);
    expected.put("herald_connections_rejected_total{reason=\"auth\"}", 1.0);
    expected.put("herald_connections_rejected_total{reason=\"limit\"}", 0.0);
    expected.put("herald_subscribers_evicted_total{reason=\"lifetime\"}", 4.0);
    expected.put("herald_subscribers_evicted_total{reason=\"slow\"}", 0.0);
    expected.put("herald_subscribers_evicted_total{reason=\"shutdown\"}", 0.0);
    Map<String, Double> moved = new LinkedHashMap<>();
    try {
      Await.polling(
          "the counters to follow the workload",
          WAIT,
          Duration.ofMillis(200),
          () -> {
            Scrape after = Scrape.of(server);
            moved.clear();
            expected.keySet().forEach(k -> moved.put(k, after.value(k) - before.value(k)));
            return moved.equals(expected);
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + ": moved " + moved + ", expected " + expected, e);
    }
    Scrape after = Scrape.of(server);
    assertEquals(0.0, after.value("herald_connections"));
    assertEquals(1.0, after.value("herald_backplane_up"));
    assertEquals("histogram", after.types().get("herald_delivery_latency_seconds"));
    double samples =
        after.value("herald_delivery_latency_seconds_count")
            - before.value("herald_delivery_latency_seconds_count");
    assertTrue(samples >= 2 && samples <= 6, samples + " latency samples for 6 deliveries");
    assertTrue(
        after.value("herald_delivery_latency_seconds_bucket{le=\"+Inf\"}")
            == after.value("herald_delivery_latency_seconds_count"));
  }

  @Test
  void countersAreScrapedWithOneTotalSuffixAndNoTopicLabels() {
    Scrape s = Scrape.of(QuietServer.get());
    for (String key : s.samples().keySet()) {
      if (!key.startsWith("herald_")) continue;
      assertTrue(!key.contains("_total_total"), key);
      assertTrue(!key.contains("topic="), "a label per topic: " + key);
    }
    for (String counter :
        List.of(
            "herald_events_published_total",
            "herald_events_delivered_total",
            "herald_events_replayed_total",
            "herald_gaps_total",
            "herald_connections_rejected_total",
            "herald_subscribers_evicted_total")) {
      assertEquals("counter", s.types().get(counter), counter);
    }
    assertEquals("gauge", s.types().get("herald_connections"));
    assertEquals("gauge", s.types().get("herald_backplane_up"));
  }

  @Test
  void theDashboardAndAlertsNameOnlyMetricsThatExist() {
    Scrape s = Scrape.of(QuietServer.get());
    Set<String> scraped = new HashSet<>();
    for (String key : s.samples().keySet()) scraped.add(key.replaceAll("\\{.*", ""));
    for (String file : List.of("grafana/herald-dashboard.json", "prometheus/herald-alerts.yaml")) {
      Set<String> named = new TreeSet<>();
      Matcher m = METRIC.matcher(DeployKit.text(file));
      while (m.find()) named.add(m.group());
      assertTrue(named.size() >= 6, file + " names only " + named);
      for (String name : named) {
        assertTrue(scraped.contains(name), file + " names " + name + ", which /metrics lacks");
      }
    }
  }
}
