package dev.herald.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.api.Problem;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Draft;
import dev.herald.hub.EventData;
import dev.herald.hub.Hub;
import dev.herald.hub.MemoryEventLog;
import dev.herald.publish.Publishers;
import dev.herald.security.Accesses;
import dev.herald.security.Rateses;
import dev.herald.security.Rejectionses;
import dev.herald.testing.Await;
import dev.herald.testing.ServletFakes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.plugins.providers.sse.SseImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Application sinks and broadcasters on a real hub, with RESTEasy's own event builder. */
class StreamsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final Sse sse = new SseImpl();
  private final AtomicInteger writerNames = new AtomicInteger();
  private final Map<String, String> headers = new HashMap<>();
  private HeraldConfig config;
  private Hub hub;
  private Streams streams;
  private Broadcasters broadcasters;

  private void start(Map<String, String> settings) {
    config = HeraldConfig.of(settings);
    hub =
        Hub.start(
            config,
            new MemoryEventLog(100, 1 << 20, 60_000, System::currentTimeMillis),
            r -> new Thread(r, "herald-writer-" + writerNames.incrementAndGet()));
    streams = new Streams();
    streams.hub = hub;
    streams.config = config;
    streams.access = Accesses.of(config);
    streams.rates = Rateses.of(config);
    streams.rejections = Rejectionses.of(hub, config);
    broadcasters = new Broadcasters();
    broadcasters.hub = hub;
    broadcasters.publisher = Publishers.of(hub, config);
    broadcasters.config = config;
  }

  @AfterEach
  void close() {
    if (hub != null) hub.close(1000);
  }

  private static HttpServletRequest request() {
    return ServletFakes.request("127.0.0.1", Map.of(), null);
  }

  private String publish(String topic, String data) {
    return hub.publish(List.of(new Draft(topic, "note", EventData.text(data))), null)
        .ids()
        .get(0)
        .toString();
  }

  private RecordingSink open(String cursor, String... topics) {
    RecordingSink sink = new RecordingSink();
    streams.open(sink, sse, List.of(topics), cursor, request(), ServletFakes.response(headers));
    return sink;
  }

  @Test
  void anApplicationSinkGetsWhatAStreamGetsOnWriterThreadsOnly() throws Exception {
    start(Map.of("herald.stream.heartbeat", "50ms"));
    String first = publish("orders/1", "one");
    publish("orders/1", "two");
    RecordingSink sink = open(first, "orders/1");
    List<OutboundSseEvent> got = sink.await(e -> e.size() == 2, WAIT);
    OutboundSseEvent connected = got.get(0);
    assertEquals("connected", connected.getName());
    assertEquals(first, connected.getId());
    assertEquals(3000, connected.getReconnectDelay());
    assertTrue(String.valueOf(connected.getData()).contains("\"topics\":[\"orders/1\"]"));
    assertEquals("note", got.get(1).getName());
    assertEquals("two", got.get(1).getData());
    assertEquals(MediaType.TEXT_PLAIN_TYPE, got.get(1).getMediaType());
    String live = publish("orders/1", "line one\nline two");
    OutboundSseEvent event = sink.await(e -> e.size() == 3, WAIT).get(2);
    assertEquals(live, event.getId());
    assertEquals("line one\nline two", event.getData());
    Await.until(
        "a heartbeat",
        WAIT,
        () -> {
          hub.sweep();
          return sink.sent().stream().anyMatch(e -> "hb".equals(e.getComment()));
        });
    assertTrue(
        sink.threads.stream().allMatch(t -> t.startsWith("herald-writer-")),
        sink.threads.toString());
    assertEquals("no", headers.get("X-Accel-Buffering"));
    assertEquals("no-cache", headers.get("Cache-Control"));
    assertEquals("close", headers.get("Connection"));
    assertEquals("identity", headers.get("$WSZIP"));
  }

  @Test
  void aSinkGetsAGapAndIsEndedByADrain() throws Exception {
    start(Map.of());
    RecordingSink sink = open("not-an-id", "a");
    List<OutboundSseEvent> got = sink.await(e -> e.size() == 2, WAIT);
    assertEquals("gap", got.get(1).getName());
    assertNull(got.get(1).getId());
    assertTrue(String.valueOf(got.get(1).getData()).contains("\"reason\":\"unknown\""));
    hub.drain(Duration.ZERO);
    assertTrue(sink.closed.await(5, TimeUnit.SECONDS));
    Problem refused = assertThrows(Problem.class, () -> open(null, "a"));
    assertEquals(503, refused.status());
  }

  @Test
  void limitsAndBadTopicsAreRefusedBeforeAnythingIsSent() throws Exception {
    start(Map.of("herald.connections.max-per-client", "1"));
    RecordingSink first = open(null, "a");
    first.await(e -> e.size() == 1, WAIT);
    RecordingSink second = new RecordingSink();
    Problem p =
        assertThrows(
            Problem.class,
            () ->
                streams.open(
                    second, sse, List.of("a"), null, request(), ServletFakes.response(headers)));
    assertEquals(429, p.status());
    assertTrue(p.retryAfterSeconds() > 0);
    assertEquals(List.of(), second.sent());
    assertEquals(400, assertThrows(Problem.class, () -> open(null, "a//b")).status());
    assertEquals(1, hub.connections());
  }

  @Test
  void aSinkThatFailsEndsItsStreamAndGivesItsPlaceBack() throws Exception {
    start(Map.of("herald.connections.max-per-client", "1"));
    RecordingSink sink = open(null, "a");
    sink.await(e -> e.size() == 1, WAIT);
    sink.failing = true;
    publish("a", "x");
    assertTrue(sink.closed.await(5, TimeUnit.SECONDS));
    Await.until("the place given back", WAIT, () -> hub.connections() == 0);
    open(null, "a").await(e -> e.size() == 1, WAIT);
  }

  @Test
  void aBroadcastPublishesThroughTheLogAndCompletesWithHeraldsId() throws Exception {
    start(Map.of());
    RecordingSink watching = open(null, "orders/7");
    watching.await(e -> e.size() == 1, WAIT);
    SseBroadcaster b = broadcasters.of(sse, "orders/7");
    Object id =
        b.broadcast(sse.newEvent("status", "shipped"))
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    Object jsonId =
        b.broadcast(
                sse.newEventBuilder()
                    .name("status")
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(String.class, "{ \"n\" : 1 }")
                    .build())
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    List<OutboundSseEvent> got = watching.await(e -> e.size() == 3, WAIT);
    assertEquals(id, got.get(1).getId());
    assertEquals("shipped", got.get(1).getData());
    assertEquals(jsonId, got.get(2).getId());
    assertEquals("{\"n\":1}", got.get(2).getData());
    // Replayed like any event: it went through the log.
    RecordingSink later = open(String.valueOf(id), "orders/7");
    assertEquals(jsonId, later.await(e -> e.size() == 2, WAIT).get(1).getId());
  }

  @Test
  void aBroadcastIsValidatedLikeTheRestApi() {
    start(Map.of());
    SseBroadcaster b = broadcasters.of(sse, "orders/7");
    for (OutboundSseEvent bad :
        List.of(
            sse.newEventBuilder().id("1-1").data("x").build(),
            sse.newEventBuilder().comment("c").build(),
            sse.newEventBuilder().reconnectDelay(5).data("x").build(),
            sse.newEvent("connected", "x"),
            sse.newEvent("message", "x".repeat(70_000)),
            sse.newEventBuilder()
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(String.class, "{")
                .build())) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class, () -> b.broadcast(bad).toCompletableFuture().get());
      assertInstanceOf(IllegalArgumentException.class, e.getCause(), bad.toString());
    }
    ExecutionException reserved =
        assertThrows(
            ExecutionException.class,
            () ->
                broadcasters
                    .of(sse, "herald/stats")
                    .broadcast(sse.newEvent("x"))
                    .toCompletableFuture()
                    .get());
    assertInstanceOf(IllegalArgumentException.class, reserved.getCause());
    assertThrows(IllegalArgumentException.class, () -> broadcasters.of(sse, "a//b"));
    assertEquals(0, hub.counters().published());
  }

  @Test
  void registeredSinksStreamLiveEventsAndTheirListenersFire() throws Exception {
    start(Map.of());
    SseBroadcaster b = broadcasters.of(sse, "news");
    List<Object> closedSinks = new CopyOnWriteArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    b.onClose(closedSinks::add);
    b.onError((sink, e) -> errors.add(e));
    RecordingSink healthy = new RecordingSink();
    RecordingSink broken = new RecordingSink();
    b.register(healthy);
    b.register(broken);
    healthy.await(e -> e.size() == 1, WAIT);
    broken.await(e -> e.size() == 1, WAIT);
    broken.failing = true;
    b.broadcast(sse.newEvent("headline", "hello")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals("hello", healthy.await(e -> e.size() == 2, WAIT).get(1).getData());
    assertTrue(broken.closed.await(5, TimeUnit.SECONDS));
    Await.until("the error listener", WAIT, () -> errors.size() == 1);
    assertEquals("Broken pipe", errors.get(0).getMessage());
    b.close();
    assertTrue(healthy.closed.await(5, TimeUnit.SECONDS));
    Await.until("the close listener", WAIT, () -> closedSinks.equals(List.of(healthy)));
    assertThrows(IllegalStateException.class, () -> b.register(new RecordingSink()));
    assertThrows(IllegalStateException.class, () -> b.broadcast(sse.newEvent("x")));
    Await.until("every stream gone", WAIT, () -> hub.connections() == 0);
  }

  @Test
  void framesBecomeTheEventsTheyEncode() {
    SinkWire wire = new SinkWire(new RecordingSink(), sse, f -> {});
    OutboundSseEvent e =
        wire.event(
            "retry: 250\nid: 5-1\nevent: connected\ndata: a\ndata: \ndata: b\n\n".getBytes());
    assertEquals(250, e.getReconnectDelay());
    assertEquals("5-1", e.getId());
    assertEquals("connected", e.getName());
    assertEquals("a\n\nb", e.getData());
    assertEquals("hb", wire.event(": hb\n\n".getBytes()).getComment());
    assertFalse(wire.event("data: x\n\n".getBytes()).isReconnectDelaySet());
    assertEquals("", wire.event("data: \n\n".getBytes()).getData());
  }

  @Test
  void anEmptyCursorStartsLive() throws Exception {
    start(Map.of());
    publish("a", "old");
    RecordingSink sink = open("", "a");
    List<OutboundSseEvent> got = sink.await(e -> e.size() == 1, WAIT);
    assertEquals("connected", got.get(0).getName());
    publish("a", "new");
    assertEquals("new", sink.await(e -> e.size() == 2, WAIT).get(1).getData());
  }
}
