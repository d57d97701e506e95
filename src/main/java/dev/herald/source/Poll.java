package dev.herald.source;

import dev.herald.publish.Publisher;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One polled source's scheduled task: read, compare with the last value, publish on change. */
final class Poll implements Runnable {
  private static final Logger LOG = Logger.getLogger(Poll.class.getName());

  private final PolledSource source;
  private final Publisher publisher;
  private Object last;
  private boolean failing;

  Poll(PolledSource source, Publisher publisher) {
    this.source = source;
    this.publisher = publisher;
  }

  @Override
  public void run() {
    try {
      Object value = source.poll();
      if (value != null && !Objects.equals(value, last)) {
        publisher.publish(source.topic(), source.type(), value);
        last = value;
      }
      failing = false;
    } catch (Exception e) {
      // Log the first failure of a run of them, not one per interval; never stop the schedule.
      if (!failing) LOG.log(Level.WARNING, "Polling " + source.topic() + " failed", e);
      failing = true;
    }
  }
}
