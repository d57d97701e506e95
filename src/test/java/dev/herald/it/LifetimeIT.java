package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Await;
import dev.herald.testing.Http;
import dev.herald.testing.QuietServer;
import dev.herald.testing.RawStream;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Streams end by themselves after herald.stream.max-duration, and clients resume without loss. */
@ExtendWith(QuietServer.class)
class LifetimeIT {
  @Test
  void aStreamEndsCleanlyNearItsJitteredMaximum() throws Exception {
    long start = System.nanoTime();
    try (RawStream s =
        RawStream.open(QuietServer.get().uri("/sse/lifetime/" + UUID.randomUUID()))) {
      s.await(e -> !e.isEmpty(), Duration.ofSeconds(10));
      assertTrue(s.awaitEnd(Duration.ofSeconds(10)), "the stream did not end");
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      // 3 s ± 15 %: never before 2.55 s; the upper bound only shows it ended by itself.
      assertTrue(tookMillis >= 2_500 && tookMillis <= 8_000, "ended after " + tookMillis + " ms");
      assertTrue(s.body().endsWith("\n\n"), "the stream ended mid-frame");
    }
  }

  @Test
  void aJaxRsClientResumesAcrossStreamEndsWithoutLosingOrRepeatingAnEvent() throws Exception {
    String topic = "lifetime/" + UUID.randomUUID();
    int total = 80;
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger connects = new AtomicInteger();
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch all = new CountDownLatch(total);
    Client client = ClientBuilder.newClient();
    SseEventSource source =
        SseEventSource.target(client.target(QuietServer.get().uri("/sse/" + topic)))
            .reconnectingEvery(200, TimeUnit.MILLISECONDS)
            .build();
    source.register(
        (InboundSseEvent e) -> {
          if ("connected".equals(e.getName())) {
            connects.incrementAndGet();
            first.countDown();
          } else {
            received.add(e.readData());
            all.countDown();
          }
        });
    try {
      source.open();
      assertTrue(first.await(10, TimeUnit.SECONDS));
      List<String> expected = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        // Spread over about 8 s, so that at least two streams end while publishing.
        long at = start + TimeUnit.MILLISECONDS.toNanos(100L * i);
        Await.until(at);
        Http.publish(QuietServer.get(), topic, null, "\"e" + i + "\"");
        expected.add("e" + i);
      }
      assertTrue(all.await(20, TimeUnit.SECONDS), "received " + received.size() + " of " + total);
      assertEquals(expected, received);
      assertTrue(connects.get() >= 3, "reconnected only " + (connects.get() - 1) + " times");
    } finally {
      source.close();
      client.close();
    }
  }
}
