package dev.herald.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/**
 * Publishes {@link HeraldEvent}s fired by application beans. Both {@code fire} and {@code
 * fireAsync} work; an invalid event fails the caller's stage (async) or call (sync).
 */
@ApplicationScoped
public class HeraldEventObserver {
  @Inject Publisher publisher;

  void onAsync(@ObservesAsync HeraldEvent e) {
    publisher.publish(e.topic(), e.type(), e.data());
  }

  void onSync(@Observes HeraldEvent e) {
    publisher.publish(e.topic(), e.type(), e.data());
  }
}
