package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.SseEvent;
import dev.herald.testing.StandardServer;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stream's wire contract, read through raw sockets and a JAX-RS client. */
@ExtendWith(StandardServer.class)
class StreamIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final HeraldServer server = StandardServer.get();

  private static String topic() {
    return "stream-it/" + UUID.randomUUID();
  }

  @Test
  void headersAndTheOpeningFrameArriveAtOnceUncompressed() throws Exception {
    String topic = topic();
    try (RawStream s =
        RawStream.open(server.uri("/sse/" + topic), Map.of("Accept-Encoding", "gzip, deflate"))) {
      assertEquals(200, s.status());
      assertTrue(
          s.header("Content-Type").startsWith("text/event-stream"), s.header("Content-Type"));
      assertEquals("no-cache", s.header("Cache-Control"));
      assertEquals("no", s.header("X-Accel-Buffering"));
      assertNull(s.header("Content-Encoding"));
      // At once, not after a first event or heartbeat: bounded well below the 1 s heartbeat's
      // multiples only to keep a noisy machine from failing it.
      assertTrue(
          s.timeToHeaders().compareTo(Duration.ofSeconds(5)) < 0,
          "headers took " + s.timeToHeaders());
      List<SseEvent> events = s.await(e -> !e.isEmpty(), WAIT);
      String body = s.body();
      assertTrue(body.startsWith("retry: 3000\nid: "), body);
      SseEvent connected = events.get(0);
      assertEquals("connected", connected.type());
      JsonObject data = Http.json(connected.data());
      assertEquals(
          List.of(topic),
          data.getJsonArray("topics").getValuesAs(jakarta.json.JsonString::getString));
      // 1 s, from the server's server.env: settings arrive as environment variables.
      assertEquals(1, data.getInt("heartbeat"));
      assertEquals(connected.lastEventId(), data.getString("lastEventId"));
      assertEquals(3000, s.parser().retry());
    }
  }

  @Test
  void idleStreamsGetHeartbeatComments() throws Exception {
    try (RawStream s = RawStream.open(server.uri("/sse/" + topic()))) {
      s.awaitBody(b -> b.split("\n: ", -1).length >= 3, WAIT);
      assertTrue(s.parser().comments() >= 2);
    }
  }

  @Test
  void eventsAreFramedExactlyAndReadBackAsPublished() throws Exception {
    String topic = topic();
    try (RawStream s = RawStream.open(server.uri("/sse/" + topic))) {
      s.await(e -> e.size() == 1, WAIT);
      String id1 =
          Http.publish(server, topic, "update", "{\"b\": [1, 2.5, true, null], \"a\": \"x\"}");
      String id2 = Http.publish(server, topic, null, "\"one\\n\\ntwo\\r\\nthree\\rfour\"");
      String id3 = Http.publish(server, topic, null, "\" lead ✓ é 😀\"");
      String id4 = Http.publish(server, topic, null, "\"\"");
      List<SseEvent> got = s.await(e -> e.size() == 5, WAIT);
      String body = s.body();
      assertTrue(
          body.contains(
              "id: " + id1 + "\nevent: update\ndata: {\"b\":[1,2.5,true,null],\"a\":\"x\"}\n\n"),
          body);
      assertTrue(
          body.contains(
              "id: " + id2 + "\ndata: one\ndata: \ndata: two\ndata: three\ndata: four\n\n"),
          body);
      assertTrue(body.contains("id: " + id3 + "\ndata:  lead ✓ é 😀\n\n"), body);
      assertTrue(body.contains("id: " + id4 + "\ndata: \n\n"), body);
      assertEquals("one\n\ntwo\nthree\nfour", got.get(2).data());
      assertEquals(" lead ✓ é 😀", got.get(3).data());
      assertEquals("", got.get(4).data());
      assertEquals("message", got.get(2).type());
    }
  }

  @Test
  void severalTopicsOnOneStreamInHubOrder() throws Exception {
    String a = topic();
    String b = topic() + "/sub";
    try (RawStream s =
        RawStream.open(server.uri("/sse?topic=" + a + "&topic=" + b + "&topic=" + a))) {
      SseEvent connected = s.await(e -> e.size() == 1, WAIT).get(0);
      assertEquals(2, Http.json(connected.data()).getJsonArray("topics").size());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 6; i++)
        ids.add(Http.publish(server, i % 2 == 0 ? a : b, null, String.valueOf(i)));
      List<SseEvent> got = s.await(e -> e.size() == 7, WAIT);
      assertEquals(ids, got.subList(1, 7).stream().map(SseEvent::lastEventId).toList());
      assertEquals(
          List.of("0", "1", "2", "3", "4", "5"),
          got.subList(1, 7).stream().map(SseEvent::data).toList());
    }
  }

  @Test
  void manySubscribersEachGetEveryEventInOrder() throws Exception {
    String topic = topic();
    int subscribers = 20;
    int events = 200;
    Client client = ClientBuilder.newClient();
    List<SseEventSource> sources = new ArrayList<>();
    List<List<String>> received = new ArrayList<>();
    CountDownLatch connected = new CountDownLatch(subscribers);
    CountDownLatch done = new CountDownLatch(subscribers);
    try {
      for (int i = 0; i < subscribers; i++) {
        List<String> mine = Collections.synchronizedList(new ArrayList<>());
        received.add(mine);
        SseEventSource source =
            SseEventSource.target(client.target(server.uri("/sse/" + topic))).build();
        source.register(
            (InboundSseEvent e) -> {
              if ("connected".equals(e.getName())) {
                connected.countDown();
              } else if (mine.add(e.readData()) && mine.size() == events) {
                done.countDown();
              }
            });
        source.open();
        sources.add(source);
      }
      assertTrue(connected.await(20, TimeUnit.SECONDS), "not all subscribers connected");
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < events; i++) {
        Http.publish(server, topic, null, "\"e" + i + "\"");
        expected.add("e" + i);
      }
      assertTrue(done.await(30, TimeUnit.SECONDS), "not every subscriber got every event");
      for (List<String> r : received) assertEquals(expected, r);
    } finally {
      sources.forEach(SseEventSource::close);
      client.close();
    }
  }

  @Test
  void heraldStatsIsAFeedLikeAnyOther() throws Exception {
    try (RawStream s = RawStream.open(server.uri("/sse/herald/stats"))) {
      List<SseEvent> got = s.await(e -> e.size() >= 2, WAIT);
      SseEvent stats = got.get(1);
      assertEquals("stats", stats.type());
      assertFalse(stats.lastEventId().isEmpty());
      JsonObject o = Http.json(stats.data());
      assertTrue(o.getInt("connections") >= 1, stats.data());
      assertTrue(o.getJsonNumber("heapUsedBytes").longValue() > 0);
      assertTrue(o.containsKey("publishedPerSecond") && o.containsKey("deliveredPerSecond"));
      assertTrue(o.getJsonArray("busiestTopics").size() >= 1);
    }
  }
}
