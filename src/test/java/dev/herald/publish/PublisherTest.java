package dev.herald.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.api.Problem;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Appended;
import dev.herald.hub.Draft;
import dev.herald.hub.Event;
import dev.herald.hub.EventId;
import dev.herald.hub.EventLog;
import dev.herald.hub.History;
import dev.herald.hub.Hub;
import dev.herald.hub.Idempotency;
import dev.herald.hub.PublishOutcomeUnknownException;
import dev.herald.hub.PublishRefusedException;
import dev.herald.security.Accesses;
import dev.herald.security.Rateses;
import dev.herald.security.Rejectionses;
import dev.herald.testing.ServletFakes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What application code and REST publishers see when the event log refuses or does not answer. */
class PublisherTest {
  private Hub hub;

  /** A log whose every append ends the way {@code answer} says; it holds no history. */
  private static EventLog log(Supplier<CompletableFuture<Appended>> answer) {
    return new EventLog() {
      @Override
      public void start(Consumer<List<Event>> inbound) {}

      @Override
      public CompletionStage<Appended> append(List<Draft> drafts, Idempotency key) {
        return answer.get();
      }

      @Override
      public CompletionStage<History> read(EventId cursor, Set<String> topics) {
        return CompletableFuture.completedFuture(new History(List.of(), EventId.ZERO, null, false));
      }

      @Override
      public boolean available() {
        return false;
      }

      @Override
      public void close() {}
    };
  }

  private Publisher publisher(Map<String, String> settings, EventLog log) {
    HeraldConfig config = HeraldConfig.of(settings);
    hub = Hub.start(config, log, Executors.defaultThreadFactory());
    Publisher p = new Publisher();
    p.hub = hub;
    p.config = config;
    return p;
  }

  @AfterEach
  void close() {
    hub.close(1000);
  }

  @Test
  void anUnavailableLogRefusesThePublish() {
    Publisher p =
        publisher(
            Map.of(),
            log(() -> CompletableFuture.failedFuture(new PublishRefusedException("down", null))));
    PublishRefusedException e =
        assertThrows(PublishRefusedException.class, () -> p.publish("t", "x"));
    assertFalse(e instanceof PublishOutcomeUnknownException);
    assertEquals(0, hub.counters().published());
    // A CDI observer of fireAsync throws the same, which completes the caller's stage with it.
    HeraldEventObserver observer = new HeraldEventObserver();
    observer.publisher = p;
    assertThrows(PublishRefusedException.class, () -> observer.onAsync(HeraldEvent.of("t", "x")));
  }

  @Test
  void aLogThatNeverAnswersLeavesTheOutcomeUnknownAfterTheTimeout() {
    Publisher p = publisher(Map.of("herald.log.timeout", "100ms"), log(CompletableFuture::new));
    assertThrows(PublishOutcomeUnknownException.class, () -> p.publish("t", "x"));
  }

  @Test
  void aLogThatFailsUnexpectedlyLeavesTheOutcomeUnknown() {
    Publisher p =
        publisher(
            Map.of(),
            log(
                () -> {
                  throw new IllegalStateException("connection reset");
                }));
    assertThrows(PublishOutcomeUnknownException.class, () -> p.publish("t", "x"));
  }

  private Publishing publishing(Map<String, String> settings, EventLog log) {
    Publishing r = new Publishing();
    r.hub = publisher(settings, log).hub;
    r.config = HeraldConfig.of(settings);
    r.access = Accesses.of(r.config);
    r.rates = Rateses.of(r.config);
    r.rejections = Rejectionses.of(r.hub, r.config);
    return r;
  }

  /** A publish from this host, which may publish without a token while no key is configured. */
  private static HttpServletRequest local(String idempotencyKey, byte[] body) {
    Map<String, String> headers = new java.util.HashMap<>();
    headers.put("Host", "localhost:9080");
    headers.put("Content-Type", "application/json");
    if (idempotencyKey != null) headers.put("Idempotency-Key", idempotencyKey);
    return ServletFakes.request("127.0.0.1", headers, null, body);
  }

  private static final byte[] BATCH = "[{\"topic\":\"t\",\"data\":1}]".getBytes(UTF_8);

  @Test
  void theRestApiAnswers503WithRetryAfterOr504() {
    Publishing refusing =
        publishing(
            Map.of(),
            log(() -> CompletableFuture.failedFuture(new PublishRefusedException("down", null))));
    Problem p = assertThrows(Problem.class, () -> refusing.batch(local(null, BATCH)));
    assertEquals(503, p.status());
    assertTrue(p.type().endsWith("/log-unavailable"), p.type());
    assertTrue(p.retryAfterSeconds() >= 5 && p.retryAfterSeconds() <= 10, p.toString());
    hub.close(1000);
    Publishing hanging =
        publishing(Map.of("herald.log.timeout", "100ms"), log(CompletableFuture::new));
    p = assertThrows(Problem.class, () -> hanging.batch(local("k", BATCH)));
    assertEquals(504, p.status());
    assertTrue(p.type().endsWith("/outcome-unknown"), p.type());
    assertTrue(p.detail().contains("Idempotency-Key"), p.detail());
  }

  @Test
  void invalidEventsAreStillIllegalArguments() {
    Publisher p =
        publisher(Map.of(), log(() -> CompletableFuture.failedFuture(new AssertionError())));
    assertThrows(IllegalArgumentException.class, () -> p.publish("a//b", "x"));
  }
}
