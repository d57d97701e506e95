package dev.herald.stream;

import dev.herald.api.Problem;
import dev.herald.api.TopicNames;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.publish.Publisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;

/**
 * The standard {@link SseBroadcaster} of a Herald topic, for application code: inject this and ask
 * for a topic's broadcaster, where a plain JAX-RS application would call {@code
 * sse.newBroadcaster()}.
 */
@ApplicationScoped
public class Broadcasters {
  @Inject Hub hub;
  @Inject Publisher publisher;
  @Inject HeraldConfig config;

  /**
   * A new broadcaster of the topic; its listeners and {@code close} concern the sinks registered
   * through it, while what it broadcasts reaches every subscriber of the topic.
   *
   * @param sse builds the events written to registered sinks
   * @throws IllegalArgumentException when the topic is not a valid topic name
   */
  public SseBroadcaster of(Sse sse, String topic) {
    try {
      TopicNames.check("topic", topic);
    } catch (Problem p) {
      throw new IllegalArgumentException(p.detail());
    }
    return new TopicSseBroadcaster(topic, sse, hub, publisher, config);
  }
}
