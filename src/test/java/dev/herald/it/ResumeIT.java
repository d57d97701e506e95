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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Last-Event-ID resume: by header, by query, across topics, while publishing, and its gaps. */
@ExtendWith(StandardServer.class)
class ResumeIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final HeraldServer server = StandardServer.get();

  private static String topic() {
    return "resume-it/" + UUID.randomUUID();
  }

  private List<String> publish(String topic, int n, String prefix) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++)
      ids.add(Http.publish(server, topic, null, "\"" + prefix + i + "\""));
    return ids;
  }

  private static List<String> liveData(List<SseEvent> events) {
    return events.stream()
        .filter(e -> !e.type().equals("connected") && !e.type().equals("gap"))
        .map(SseEvent::data)
        .toList();
  }

  /** Reads until the stream holds the opening frame and {@code n} more events. */
  private static List<SseEvent> read(RawStream s, int n) throws InterruptedException {
    return s.await(e -> e.size() >= n + 1, WAIT);
  }

  @Test
  void resumesFromTheHeaderWithExactlyWhatWasMissed() throws Exception {
    String topic = topic();
    String last;
    try (RawStream s = RawStream.open(server.uri("/sse/" + topic))) {
      read(s, 0);
      publish(topic, 3, "before");
      last = read(s, 3).get(3).lastEventId();
    }
    List<String> missed = publish(topic, 5, "missed");
    try (RawStream s = RawStream.open(server.uri("/sse/" + topic), Map.of("Last-Event-ID", last))) {
      List<SseEvent> got = read(s, 5);
      assertEquals(last, got.get(0).lastEventId());
      assertEquals(List.of("missed0", "missed1", "missed2", "missed3", "missed4"), liveData(got));
      assertEquals(missed, got.subList(1, 6).stream().map(SseEvent::lastEventId).toList());
      publish(topic, 1, "live");
      assertEquals("live0", liveData(read(s, 6)).get(5));
    }
  }

  @Test
  void resumesFromTheQueryParameter() throws Exception {
    String topic = topic();
    String cursor = publish(topic, 2, "old").get(1);
    publish(topic, 2, "new");
    try (RawStream s = RawStream.open(server.uri("/sse/" + topic + "?lastEventId=" + cursor))) {
      assertEquals(List.of("new0", "new1"), liveData(read(s, 2)));
    }
  }

  @Test
  void theHeaderWinsOverTheQueryParameter() throws Exception {
    String topic = topic();
    List<String> ids = publish(topic, 4, "e");
    try (RawStream s =
        RawStream.open(
            server.uri("/sse/" + topic + "?lastEventId=" + ids.get(0)),
            Map.of("Last-Event-ID", ids.get(2)))) {
      List<SseEvent> got = read(s, 1);
      assertEquals(ids.get(2), got.get(0).lastEventId());
      assertEquals(List.of("e3"), liveData(got));
    }
  }

  @Test
  void aClientThatReconnectsBeforeAnyEventLosesNothing() throws Exception {
    String topic = topic();
    String resumePoint;
    try (RawStream s = RawStream.open(server.uri("/sse/" + topic))) {
      resumePoint = read(s, 0).get(0).lastEventId();
    }
    publish(topic, 3, "x");
    try (RawStream s =
        RawStream.open(server.uri("/sse/" + topic), Map.of("Last-Event-ID", resumePoint))) {
      assertEquals(List.of("x0", "x1", "x2"), liveData(read(s, 3)));
    }
  }

  @Test
  void resumingWhileAnotherThreadPublishesHasNoGapAndNoDuplicate() throws Exception {
    String topic = topic();
    int total = 300;
    String cursor;
    try (RawStream s = RawStream.open(server.uri("/sse/" + topic))) {
      cursor = read(s, 0).get(0).lastEventId();
    }
    CompletableFuture<List<String>> publishing =
        CompletableFuture.supplyAsync(() -> publish(topic, total, "p"));
    List<SseEvent> seen = new ArrayList<>();
    // Disconnect and resume three times while the publisher keeps going.
    for (int round = 0; round < 3; round++) {
      try (RawStream s =
          RawStream.open(server.uri("/sse/" + topic), Map.of("Last-Event-ID", cursor))) {
        List<SseEvent> got = read(s, 10);
        List<SseEvent> events = got.subList(1, got.size());
        seen.addAll(events);
        cursor = events.get(events.size() - 1).lastEventId();
      }
    }
    List<String> ids = publishing.join();
    try (RawStream s =
        RawStream.open(server.uri("/sse/" + topic), Map.of("Last-Event-ID", cursor))) {
      int remaining = total - seen.size();
      if (remaining > 0) seen.addAll(read(s, remaining).subList(1, remaining + 1));
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < total; i++) expected.add("p" + i);
    assertEquals(expected, seen.stream().map(SseEvent::data).toList());
    assertEquals(ids, seen.stream().map(SseEvent::lastEventId).toList());
  }

  @Test
  void oneCursorResumesAMultiTopicStream() throws Exception {
    String a = topic();
    String b = topic();
    String other = topic();
    String cursor = Http.publish(server, a, null, "\"a-before\"");
    Http.publish(server, b, null, "\"b1\"");
    Http.publish(server, other, null, "\"not mine\"");
    Http.publish(server, a, null, "\"a1\"");
    try (RawStream s =
        RawStream.open(
            server.uri("/sse?topic=" + a + "&topic=" + b), Map.of("Last-Event-ID", cursor))) {
      assertEquals(List.of("b1", "a1"), liveData(read(s, 2)));
    }
  }

  @Test
  void aMalformedOrFutureCursorGetsAnUnknownGapThenLiveEvents() throws Exception {
    String topic = topic();
    publish(topic, 2, "old");
    for (String bad : List.of("garbage", "99999999999999-0")) {
      try (RawStream s =
          RawStream.open(server.uri("/sse/" + topic), Map.of("Last-Event-ID", bad))) {
        assertEquals(200, s.status());
        List<SseEvent> got = read(s, 1);
        SseEvent gap = got.get(1);
        assertEquals("gap", gap.type());
        assertFalse(gap.hadIdField());
        JsonObject data = Http.json(gap.data());
        assertEquals(bad, data.getString("requested"));
        assertEquals("unknown", data.getString("reason"));
        assertTrue(s.body().contains("event: gap\ndata: {"), s.body());
        publish(topic, 1, "live-" + bad);
        assertEquals(List.of("live-" + bad + "0"), liveData(read(s, 2)));
      }
    }
  }
}
