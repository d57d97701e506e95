package dev.herald.stream;

import static dev.herald.api.JsonFactory.JSON;

import dev.herald.api.Problem;
import dev.herald.api.TopicNames;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Admission;
import dev.herald.hub.Hub;
import dev.herald.hub.Refusal;
import dev.herald.hub.Subscriber;
import dev.herald.publish.Publisher;
import jakarta.json.JsonException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The standard {@link SseBroadcaster} for one topic, on Herald's hub: {@link #broadcast} publishes
 * through the event log (ids, history, every instance), {@link #register} streams the topic's live
 * events to a sink. Listeners hear of the sinks registered here.
 */
final class TopicSseBroadcaster implements SseBroadcaster {
  private final String topic;
  private final Sse sse;
  private final Hub hub;
  private final Publisher publisher;
  private final HeraldConfig config;
  private final Map<SseEventSink, Subscriber> streams = new ConcurrentHashMap<>();
  private final List<Consumer<SseEventSink>> closeListeners = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<SseEventSink, Throwable>> errorListeners =
      new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  TopicSseBroadcaster(String topic, Sse sse, Hub hub, Publisher publisher, HeraldConfig config) {
    this.topic = topic;
    this.sse = sse;
    this.hub = hub;
    this.publisher = publisher;
    this.config = config;
  }

  /**
   * Publishes the event to this topic: its name is the type, its data the data (a string as text,
   * or as JSON when the event's media type is JSON; a JSON value or any object JSON-B writes).
   *
   * @return completes with Herald's id for the event, or exceptionally with {@link
   *     IllegalArgumentException} (an id, comment or retry set, a bad type, data too large) or the
   *     {@link Publisher} exceptions
   */
  @Override
  public CompletionStage<?> broadcast(OutboundSseEvent event) {
    open();
    if (event.getId() != null || event.getComment() != null || event.isReconnectDelaySet()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "Herald assigns ids and sends comments and retry itself: broadcast a name and data"));
    }
    Object data = event.getData();
    try {
      TopicNames.writable("topic", topic);
      if (data instanceof String s
          && MediaType.APPLICATION_JSON_TYPE.isCompatible(event.getMediaType())) {
        data = JSON.createReader(new StringReader(s)).readValue();
      }
    } catch (Problem p) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(p.detail()));
    } catch (JsonException e) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("data is marked JSON but is not: " + e.getMessage()));
    }
    return publisher.publishAsync(topic, event.getName(), data);
  }

  /**
   * Streams this topic's live events to the sink from now on, with the {@code connected} event and
   * heartbeats; there is no request here, so no resume and only the hub-wide limit.
   *
   * @throws Problem when the hub is full or draining (503): answered as problem+json when thrown
   *     from a resource method, as nothing was sent yet
   */
  @Override
  public void register(SseEventSink sink) {
    open();
    Admission admission;
    try {
      admission = hub.admit(null);
    } catch (Refusal r) {
      throw StreamRules.refused(r, config);
    }
    Subscriber s;
    try {
      s = hub.open(Set.of(topic), null, admission, new SinkWire(sink, sse, f -> ended(sink, f)));
    } catch (Refusal drainingMeanwhile) {
      throw StreamRules.refused(drainingMeanwhile, config);
    }
    streams.put(sink, s);
    // It may have ended before it was recorded, or this broadcaster closed meanwhile.
    if (s.isClosed()) streams.remove(sink);
    if (closed) s.requestClose("broadcaster closed");
  }

  private void ended(SseEventSink sink, Throwable failure) {
    streams.remove(sink);
    if (failure != null) errorListeners.forEach(l -> l.accept(sink, failure));
    else closeListeners.forEach(l -> l.accept(sink));
  }

  @Override
  public void onError(BiConsumer<SseEventSink, Throwable> onError) {
    open();
    errorListeners.add(onError);
  }

  @Override
  public void onClose(Consumer<SseEventSink> onClose) {
    open();
    closeListeners.add(onClose);
  }

  @Override
  public void close() {
    close(true);
  }

  /** Closes the broadcaster; cascading also ends the streams of the sinks registered here. */
  @Override
  public void close(boolean cascading) {
    closed = true;
    if (cascading) streams.values().forEach(s -> s.requestClose("broadcaster closed"));
  }

  private void open() {
    if (closed) throw new IllegalStateException("the broadcaster is closed");
  }
}
