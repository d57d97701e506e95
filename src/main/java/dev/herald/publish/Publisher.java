package dev.herald.publish;

import dev.herald.api.Problem;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.hub.PublishOutcomeUnknownException;
import dev.herald.hub.PublishRefusedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

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
      var draft = Drafts.of("", topic, type, Drafts.data(data), config.eventMaxBytes());
      return hub.publish(List.of(draft), null).ids().get(0).toString();
    } catch (Problem p) {
      throw new IllegalArgumentException(p.detail());
    }
  }

  /** Publishes an event of the default type. */
  public String publish(String topic, Object data) {
    return publish(topic, null, data);
  }
}
