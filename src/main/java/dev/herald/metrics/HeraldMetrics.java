package dev.herald.metrics;

import dev.herald.hub.Counters;
import dev.herald.hub.Counters.Eviction;
import dev.herald.hub.Counters.Rejection;
import dev.herald.hub.Hub;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Herald's metrics, all named {@code herald_*}, with bounded labels (reasons, never topics). The
 * hub counts in its own adders, which cost the delivery path nothing; counters here follow them
 * every half second, so a scrape is at most that far behind. Gauges are read at the scrape.
 */
@ApplicationScoped
public class HeraldMetrics {
  private static final long FOLLOW_MILLIS = 500;

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry registry;

  @Inject Hub hub;
  @Resource private ManagedScheduledExecutorService scheduler;

  private final List<Follower> followers = new ArrayList<>();
  private ScheduledFuture<?> following;

  /** A metrics counter that follows one of the hub's adders by their difference. */
  private record Follower(Counter counter, LongSupplier source, long[] seen) {
    void follow() {
      long now = source.getAsLong();
      long delta = now - seen[0];
      if (delta > 0) counter.inc(delta);
      seen[0] = now;
    }
  }

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    Counters c = hub.counters();
    registry.gauge(
        meta("herald_connections", "Open streams", MetricUnits.NONE), hub, Hub::connections);
    registry.gauge(
        meta("herald_polls_waiting", "Long-polls waiting for events", MetricUnits.NONE),
        hub,
        Hub::waitingPolls);
    registry.gauge(
        meta("herald_backplane_up", "1 while the event log can be reached", MetricUnits.NONE),
        hub,
        h -> h.logAvailable() ? 1 : 0);
    follow("herald_events_published", "Events this instance accepted", c::published);
    follow("herald_events_delivered", "Live events written to streams", c::delivered);
    follow("herald_events_replayed", "Retained events written to resuming streams", c::replayed);
    follow("herald_gaps", "gap notices sent to streams", c::gaps);
    for (Rejection r : Rejection.values()) {
      follow(
          "herald_connections_rejected",
          "Streams refused before they opened",
          () -> c.rejected(r),
          new Tag("reason", r.label()));
    }
    for (Eviction e : Eviction.values()) {
      follow(
          "herald_subscribers_evicted",
          "Open streams the hub ended",
          () -> c.evicted(e),
          new Tag("reason", e.label()));
    }
    Timer latency =
        registry.timer(
            meta(
                "herald_delivery_latency",
                "From publishing to the socket write, sampled once per batch a stream writes",
                MetricUnits.SECONDS));
    c.onLatency(millis -> latency.update(LatencyDurations.of(millis)));
    following =
        scheduler.scheduleAtFixedRate(
            this::followAll, FOLLOW_MILLIS, FOLLOW_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void follow(String name, String description, LongSupplier source, Tag... tags) {
    Counter counter = registry.counter(meta(name, description, MetricUnits.NONE), tags);
    Follower f = new Follower(counter, source, new long[] {0});
    f.follow();
    synchronized (followers) {
      followers.add(f);
    }
  }

  private void followAll() {
    synchronized (followers) {
      for (Follower f : followers) f.follow();
    }
  }

  private static Metadata meta(String name, String description, String unit) {
    return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
  }

  @PreDestroy
  void stop() {
    if (following != null) following.cancel(false);
  }
}
