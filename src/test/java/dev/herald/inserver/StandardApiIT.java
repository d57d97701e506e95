package dev.herald.inserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Await;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.SseEvent;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application's own JAX-RS resource on the standard SSE API ({@link OrdersResource}), read from
 * outside by raw sockets and the JAX-RS {@code SseEventSource}: its sink streams Herald's topic,
 * its broadcaster publishes through Herald's log.
 */
@ExtendWith(ArquillianExtension.class)
class StandardApiIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.heraldWithTestSources();
  }

  @ArquillianResource URL base;

  private URI uri(String path) throws Exception {
    return base.toURI().resolve(path);
  }

  private static String order() {
    return UUID.randomUUID().toString();
  }

  /** Publishes through the application's resource, which broadcasts; returns Herald's id. */
  private String update(String order, String status) throws Exception {
    HttpResponse<String> r =
        Http.send(
            HttpRequest.newBuilder(uri("app/orders/" + order))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(status))
                .build());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  private static List<SseEvent> statuses(List<SseEvent> events) {
    return events.stream().filter(e -> e.type().equals("status")).toList();
  }

  @Test
  void anApplicationSinkStreamsWithHeraldsHeadersIdsResumeAndHeartbeats() throws Exception {
    String order = order();
    String first;
    // This server compresses text/* (the plain-text answer shows it): a stream must still arrive
    // uncompressed, event by event.
    HttpResponse<byte[]> plain =
        Http.CLIENT.send(
            HttpRequest.newBuilder(uri("app/orders/live/ended"))
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals("gzip", plain.headers().firstValue("Content-Encoding").orElse(null));
    try (RawStream s =
        RawStream.open(
            uri("app/orders/" + order + "/events"), Map.of("Accept-Encoding", "gzip, deflate"))) {
      assertEquals(200, s.status());
      assertTrue(s.header("Content-Type").startsWith("text/event-stream"));
      assertEquals("no-cache", s.header("Cache-Control"));
      assertEquals("no", s.header("X-Accel-Buffering"));
      assertEquals("close", s.header("Connection"));
      assertNull(s.header("Content-Encoding"));
      SseEvent connected = s.await(e -> e.size() == 1, WAIT).get(0);
      assertEquals("connected", connected.type());
      assertEquals(3000, s.parser().retry());
      first = update(order, "paid");
      SseEvent paid = s.await(e -> e.size() == 2, WAIT).get(1);
      assertEquals(first, paid.lastEventId());
      assertEquals("paid", paid.data());
      Await.until("a heartbeat", WAIT, () -> s.parser().comments() > 0);
    }
    String packed = update(order, "packed");
    String shipped = update(order, "shipped");
    try (RawStream s =
        RawStream.open(uri("app/orders/" + order + "/events"), Map.of("Last-Event-ID", first))) {
      List<SseEvent> got = s.await(e -> e.size() == 3, WAIT);
      assertEquals(first, got.get(0).lastEventId());
      assertEquals(
          List.of(packed, shipped), statuses(got).stream().map(SseEvent::lastEventId).toList());
    }
    try (RawStream s =
        RawStream.open(uri("app/orders/" + order + "/events"), Map.of("Last-Event-ID", "bogus"))) {
      SseEvent gap = s.await(e -> e.size() == 2, WAIT).get(1);
      assertEquals("gap", gap.type());
      assertTrue(gap.data().contains("\"reason\":\"unknown\""), gap.data());
    }
  }

  @Test
  void theJaxRsClientReadsWhatTheBroadcasterPublishes() throws Exception {
    String order = order();
    List<InboundSseEvent> received = new CopyOnWriteArrayList<>();
    CountDownLatch connected = new CountDownLatch(1);
    CountDownLatch updated = new CountDownLatch(2);
    Client client = ClientBuilder.newClient();
    try (SseEventSource source =
        SseEventSource.target(client.target(uri("app/orders/" + order + "/events"))).build()) {
      source.register(
          e -> {
            received.add(e);
            if ("connected".equals(e.getName())) connected.countDown();
            else updated.countDown();
          });
      source.open();
      assertTrue(connected.await(10, TimeUnit.SECONDS));
      List<String> ids = List.of(update(order, "paid"), update(order, "shipped"));
      assertTrue(updated.await(10, TimeUnit.SECONDS), received.toString());
      List<InboundSseEvent> statuses =
          received.stream().filter(e -> "status".equals(e.getName())).toList();
      assertEquals(ids, statuses.stream().map(InboundSseEvent::getId).toList());
      assertEquals(
          List.of("paid", "shipped"), statuses.stream().map(InboundSseEvent::readData).toList());
    } finally {
      client.close();
    }
  }

  @Test
  void restEasyFramesTheSameEventsDifferentlyFromSse() throws Exception {
    String order = order();
    try (RawStream app = RawStream.open(uri("app/orders/" + order + "/events"));
        RawStream sse = RawStream.open(uri("sse/orders/" + order))) {
      app.await(e -> e.size() == 1, WAIT);
      sse.await(e -> e.size() == 1, WAIT);
      String id = update(order, "a\n\nb\r\nc");
      String lead = update(order, " lead");
      app.await(e -> e.size() == 3, WAIT);
      sse.await(e -> e.size() == 3, WAIT);
      // Blank lines inside data: /sse keeps them, RESTEasy's writer drops them.
      assertEquals("a\n\nb\nc", sse.events().get(1).data());
      assertEquals("a\nb\nc", app.events().get(1).data());
      // A leading space, ids and types come through both alike.
      assertEquals(" lead", app.events().get(2).data());
      assertEquals(" lead", sse.events().get(2).data());
      assertEquals(
          List.of(id, lead),
          List.of(app.events().get(1).lastEventId(), app.events().get(2).lastEventId()));
      // RESTEasy opens with blank lines (which dispatch nothing) and orders fields its own way.
      assertTrue(app.body().startsWith("\n"), app.body());
      assertTrue(app.body().stripLeading().startsWith("event: connected\nid: "), app.body());
      assertTrue(sse.body().startsWith("retry: 3000\nid: "), sse.body());
      assertTrue(
          app.body().contains("event: status\nid: " + id + "\ndata: a\ndata: b\ndata: c\n\n"),
          app.body());
    }
  }

  @Test
  void aRegisteredSinkGetsLiveEventsAndItsBroadcasterHearsItEnd() throws Exception {
    int endedBefore = Integer.parseInt(Http.get(uri("app/orders/live/ended")).body());
    try (RawStream s = RawStream.open(uri("app/orders/live"))) {
      assertEquals("connected", s.await(e -> e.size() == 1, WAIT).get(0).type());
      String id = update("live", "breaking");
      SseEvent e = s.await(x -> x.size() == 2, WAIT).get(1);
      assertEquals(id, e.lastEventId());
      assertEquals("breaking", e.data());
    }
    // The closed socket is noticed when a heartbeat's write fails: the error listener hears it.
    Await.until(
        "the broadcaster's listener",
        Duration.ofSeconds(15),
        () -> {
          try {
            return Integer.parseInt(Http.get(uri("app/orders/live/ended")).body()) > endedBefore;
          } catch (Exception x) {
            throw new IllegalStateException(x);
          }
        });
  }

  @Test
  void limitsAndBadTopicsAreAnsweredAsProblemsBeforeTheStreamStarts() throws Exception {
    // A client of its own (another loopback address): it may hold 16 streams on this server.
    String client = "127.0.0.42";
    List<RawStream> open = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        RawStream s = RawStream.open(uri("app/orders/" + order() + "/events"), Map.of(), client);
        open.add(s);
        s.await(e -> e.size() == 1, WAIT);
      }
      RawStream refused =
          RawStream.open(uri("app/orders/" + order() + "/events"), Map.of(), client);
      open.add(refused);
      assertEquals(429, refused.status());
      assertTrue(refused.header("Content-Type").startsWith("application/problem+json"));
      assertTrue(Long.parseLong(refused.header("Retry-After")) > 0);
      assertTrue(refused.errorBody(WAIT).contains("herald.connections.max-per-client"));
    } finally {
      for (RawStream s : open) s.close();
    }
    try (RawStream bad = RawStream.open(uri("app/orders/.hidden/events"))) {
      assertEquals(400, bad.status());
      assertTrue(bad.header("Content-Type").startsWith("application/problem+json"));
      String body = bad.errorBody(WAIT);
      assertTrue(body.contains("topic"), body);
      assertFalse(body.contains("Exception"), body);
    }
  }
}
