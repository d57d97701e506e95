package dev.herald.source;

import dev.herald.publish.Publisher;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts every {@link EventSource} bean after deployment, polls the polled ones, stops all at the
 * end.
 */
@ApplicationScoped
public class SourceRunner {
  private static final Logger LOG = Logger.getLogger(SourceRunner.class.getName());

  @Inject @Any Instance<EventSource> sources;
  @Inject Publisher publisher;
  @Resource ManagedScheduledExecutorService scheduler;

  private final List<EventSource> started = new ArrayList<>();
  private final List<ScheduledFuture<?>> polls = new ArrayList<>();
  private volatile boolean startedAll;

  synchronized void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    for (EventSource source : sources) {
      try {
        source.start(publisher);
      } catch (RuntimeException e) {
        // One broken source must not take the hub down with it; the others still run.
        LOG.log(
            Level.SEVERE, "Event source " + source.getClass().getName() + " failed to start", e);
        continue;
      }
      started.add(source);
      if (source instanceof PolledSource polled) {
        long every = polled.interval().toMillis();
        polls.add(
            scheduler.scheduleWithFixedDelay(
                new Poll(polled, publisher), 0, every, TimeUnit.MILLISECONDS));
      }
      LOG.info(() -> "Started event source " + source.getClass().getName());
    }
    startedAll = true;
  }

  /** True once every event source has been started (or has failed to). */
  public boolean started() {
    return startedAll;
  }

  @PreDestroy
  synchronized void stopAll() {
    polls.forEach(p -> p.cancel(false));
    polls.clear();
    for (EventSource source : started) {
      try {
        source.stop();
        LOG.info(() -> "Stopped event source " + source.getClass().getName());
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING, "Event source " + source.getClass().getName() + " failed to stop", e);
      }
    }
    started.clear();
  }

  /** How many sources run now; for health checks and tests. */
  public synchronized int running() {
    return started.size();
  }
}
