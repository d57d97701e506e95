package dev.herald.inserver;

import dev.herald.publish.Publisher;
import dev.herald.source.EventSource;
import jakarta.enterprise.context.ApplicationScoped;

/** A source that pushes: it publishes once when Herald starts it. */
@ApplicationScoped
public class PushSource implements EventSource {
  public static final String TOPIC = "inserver/push";
  private volatile boolean started;

  @Override
  public void start(Publisher publisher) {
    started = true;
    publisher.publish(TOPIC, "hello", "started by Herald");
  }

  public boolean started() {
    return started;
  }
}
