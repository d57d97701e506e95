package dev.herald.inserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.Hub;
import dev.herald.publish.HeraldEvent;
import dev.herald.publish.Publisher;
import dev.herald.source.SourceRunner;
import dev.herald.testing.RecordingWire;
import dev.herald.testing.SseEvent;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The injectable publisher, CDI events and event sources, inside a running Liberty. */
@ExtendWith(ArquillianExtension.class)
class PublishingIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Deployment
  static WebArchive deployment() {
    return Deployments.heraldWithTestSources();
  }

  @Inject Publisher publisher;
  @Inject Hub hub;
  @Inject Event<HeraldEvent> events;
  @Inject SourceRunner runner;
  @Inject PushSource push;
  @Inject TickerSource ticker;

  /** A record goes out as JSON through JSON-B. */
  public record Order(String id, int items) {}

  private RecordingWire subscribe(String topic, String cursor) {
    RecordingWire wire = new RecordingWire();
    hub.open(Set.of(topic), cursor, hub.admit("in-server test " + UUID.randomUUID()), wire);
    return wire;
  }

  private static String topic() {
    return "inserver/" + UUID.randomUUID();
  }

  @Test
  void theInjectedPublisherPublishesStringsJsonAndObjects() throws Exception {
    String topic = topic();
    RecordingWire wire = subscribe(topic, null);
    String id1 = publisher.publish(topic, "order", new Order("o-1", 3));
    String id2 = publisher.publish(topic, "line one\nline two");
    String id3 = publisher.publish(topic, "map", Map.of("k", List.of(1, 2)));
    List<SseEvent> got = wire.await(e -> e.size() == 4, WAIT);
    assertEquals(id1, got.get(1).lastEventId());
    assertEquals("order", got.get(1).type());
    assertEquals("{\"id\":\"o-1\",\"items\":3}", got.get(1).data());
    assertEquals(id2, got.get(2).lastEventId());
    assertEquals("line one\nline two", got.get(2).data());
    assertEquals(id3, got.get(3).lastEventId());
    assertEquals("{\"k\":[1,2]}", got.get(3).data());
  }

  @Test
  void thePublisherRefusesWhatTheApiWouldRefuse() {
    assertThrows(IllegalArgumentException.class, () -> publisher.publish("a//b", "x"));
    assertThrows(IllegalArgumentException.class, () -> publisher.publish("a", "gap", "x"));
    assertThrows(IllegalArgumentException.class, () -> publisher.publish("a", "x".repeat(70_000)));
  }

  @Test
  void firedAsyncEventsArePublished() throws Exception {
    String topic = topic();
    RecordingWire wire = subscribe(topic, null);
    events
        .fireAsync(new HeraldEvent(topic, "async", "from fireAsync"))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    events.fire(HeraldEvent.of(topic, "from fire"));
    List<SseEvent> got = wire.await(e -> e.size() == 3, WAIT);
    assertEquals("async", got.get(1).type());
    assertEquals("from fireAsync", got.get(1).data());
    assertEquals("from fire", got.get(2).data());
    ExecutionException refused =
        assertThrows(
            ExecutionException.class,
            () ->
                events
                    .fireAsync(HeraldEvent.of("bad//topic", "x"))
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS));
    assertTrue(refused.getCause().getMessage().contains("topic"), refused.toString());
  }

  @Test
  void sourcesAreStartedAfterDeployment() throws Exception {
    assertTrue(push.started());
    assertTrue(runner.running() >= 3, "running sources: " + runner.running());
    // The push source published when it started; replay from the beginning shows it, after a gap
    // notice: 0-0 is older than the in-memory log, which cannot vouch for what came before it.
    RecordingWire wire = subscribe(PushSource.TOPIC, "0-0");
    List<SseEvent> got = wire.await(e -> e.size() >= 3, WAIT);
    assertEquals("gap", got.get(1).type());
    SseEvent hello = got.get(2);
    assertEquals("hello", hello.type());
    assertEquals("started by Herald", hello.data());
  }

  @Test
  void polledSourcesPublishOnlyWhenTheValueChanges() throws Exception {
    RecordingWire wire = subscribe(TickerSource.TOPIC, "0-0");
    List<SseEvent> got = wire.await(e -> e.size() >= 6, WAIT);
    List<String> values =
        got.stream().filter(e -> e.type().equals("message")).map(SseEvent::data).toList();
    for (int i = 1; i < values.size(); i++) {
      int before = Integer.parseInt(values.get(i - 1).substring(6));
      assertEquals(before + 1, Integer.parseInt(values.get(i).substring(6)), values.toString());
    }
    assertTrue(
        ticker.polls() >= 5 * (values.size() - 1), "polls " + ticker.polls() + " for " + values);
  }

  @Test
  void statsArePublishedByTheBuiltInSource() throws Exception {
    RecordingWire wire = subscribe("herald/stats", null);
    SseEvent stats = wire.await(e -> e.size() >= 2, WAIT).get(1);
    assertEquals("stats", stats.type());
    assertTrue(stats.data().contains("\"connections\":"), stats.data());
  }
}
