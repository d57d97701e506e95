package dev.herald.source;

import dev.herald.publish.Publisher;

/**
 * A CDI bean that feeds Herald. Herald discovers every bean implementing this, starts it after
 * deployment and stops it at shutdown. A source that pushes keeps the publisher it is given; one
 * that should be asked at intervals implements {@link PolledSource} instead.
 */
public interface EventSource {
  /** Called once after deployment. */
  default void start(Publisher publisher) {}

  /** Called once at shutdown; stop publishing and release what the source holds. */
  default void stop() {}
}
