package dev.herald.publish;

import dev.herald.api.Problem;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Draft;
import dev.herald.hub.Hub;
import dev.herald.hub.PublishOutcomeUnknownException;
import dev.herald.hub.PublishRefusedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Publishing from inside the application: inject it and call {@link #publish}. Unlike the REST API
 * it may publish to Herald's own {@code herald/} feeds, which is how built-in sources do.
 */
@ApplicationScoped
public class Publisher {
  @Inject Hub hub;
  @Inject HeraldConfig config;

  /**
   * Publishes one event, waiting at most {@code herald.log.timeout} for the event log.
   *
   * @param type the event type; {@code null} for the default, {@code message}
   * @param data a string (sent as text), a {@code JsonValue}, or any object JSON-B can write
   * @return the event's id
   * @throws IllegalArgumentException when the topic, type or size is not allowed
   * @throws PublishRefusedException when the event log is unavailable; nothing was published
   * @throws PublishOutcomeUnknownException (a {@code PublishRefusedException}) when the log did not
   *     answer in time; the event may or may not have been published
   */
  public String publish(String topic, String type, Object data) {
    try {
      return publishAsync(topic, type, data).toCompletableFuture().join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause(); // one of the exceptions above
    }
  }

  /** Publishes an event of the default type. */
  public String publish(String topic, Object data) {
    return publish(topic, null, data);
  }

  /**
   * {@link #publish} without waiting: the stage completes with the id, or exceptionally with one of
   * the exceptions {@code publish} throws.
   */
  public CompletionStage<String> publishAsync(String topic, String type, Object data) {
    Draft draft;
    try {
      draft = Drafts.of("", topic, type, Drafts.data(data), config.eventMaxBytes());
    } catch (Problem p) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(p.detail()));
    }
    CompletableFuture<String> id = new CompletableFuture<>();
    hub.publishAsync(List.of(draft), null)
        .whenComplete(
            (appended, failure) -> {
              if (failure == null) id.complete(appended.ids().get(0).toString());
              else id.completeExceptionally(failure);
            });
    return id;
  }
}
