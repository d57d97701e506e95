package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.SseEvent;
import dev.herald.testing.StandardServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Clients that stop reading never slow the publisher or anyone else. */
@ExtendWith(StandardServer.class)
class SlowConsumerIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int WRITERS = StandardServer.WRITER_THREADS;
  private static final String PAYLOAD = "x".repeat(4096 - 8);
  private final HeraldServer server = StandardServer.get();

  /** A subscriber that never reads, with the smallest receive buffer the OS allows. */
  private Socket stalled(String topic) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(1024);
    s.connect(new InetSocketAddress("localhost", server.port()));
    s.getOutputStream()
        .write(
            ("GET /sse/"
                    + topic
                    + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    return s;
  }

  /** Publishes {@code n} events of 4 KB in batches, as fast as the API takes them. */
  private void publish(String topic, int n) {
    for (int sent = 0; sent < n; sent += 100) {
      StringBuilder batch = new StringBuilder("[");
      for (int i = sent; i < Math.min(n, sent + 100); i++) {
        if (i > sent) batch.append(',');
        batch
            .append("{\"topic\":\"")
            .append(topic)
            .append("\",\"data\":\"")
            .append(String.format("%07d", i))
            .append(PAYLOAD)
            .append("\"}");
      }
      var r =
          Http.post(server.uri("/api/events"), "application/json", batch.append(']').toString());
      assertEquals(201, r.statusCode(), r.body());
    }
  }

  private static void assertAllInOrder(RawStream healthy, int n) {
    List<SseEvent> got = healthy.events();
    for (int i = 0; i < n; i++) {
      assertEquals(String.format("%07d", i), got.get(i + 1).data().substring(0, 7), "event " + i);
    }
  }

  @Test
  void aStalledSubscriberIsDroppedWhileAHealthyOneGetsAllTenThousandEvents() throws Exception {
    String topic = "slow/" + UUID.randomUUID();
    server.awaitConnections(0, WAIT);
    long droppedBefore = dropped();
    try (Socket stuck = stalled(topic);
        RawStream healthy = RawStream.open(server.uri("/sse/" + topic))) {
      healthy.await(e -> !e.isEmpty(), WAIT);
      server.awaitConnections(2, WAIT);
      // The stalled client keeps its socket open and unread all along: only Herald can end it.
      assertTrue(stuck.isConnected() && !stuck.isClosed());
      publish(topic, 10_000);
      healthy.awaitCount(10_001, WAIT);
      assertAllInOrder(healthy, 10_000);
      server.awaitConnections(1, WAIT);
      assertTrue(dropped() > droppedBefore, "the stalled subscriber was not counted as dropped");
    }
  }

  @Test
  void asManyStalledSubscribersAsWriterThreadsStillLeaveAHealthyOneServed() throws Exception {
    String topic = "slow/" + UUID.randomUUID();
    server.awaitConnections(0, WAIT);
    List<Socket> stuck = new ArrayList<>();
    try (RawStream healthy = RawStream.open(server.uri("/sse/" + topic))) {
      for (int i = 0; i < WRITERS; i++) stuck.add(stalled(topic));
      healthy.await(e -> !e.isEmpty(), WAIT);
      server.awaitConnections(WRITERS + 1, WAIT);
      publish(topic, 3_000);
      healthy.awaitCount(3_001, WAIT);
      assertAllInOrder(healthy, 3_000);
      server.awaitConnections(1, WAIT);
    } finally {
      for (Socket s : stuck) s.close();
    }
  }

  /** Subscribers dropped so far, from the {@code herald/stats} feed: the second one is fresh. */
  private long dropped() throws Exception {
    try (RawStream stats = RawStream.open(server.uri("/sse/herald/stats"))) {
      SseEvent fresh = stats.await(e -> e.size() >= 3, WAIT).get(2);
      return Http.json(fresh.data()).getJsonNumber("droppedSlowSubscribers").longValue();
    }
  }
}
