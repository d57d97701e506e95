package dev.herald.source;

import static dev.herald.api.JsonFactory.JSON;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Counters;
import dev.herald.hub.Hub;
import dev.herald.hub.TopicBroadcaster;
import dev.herald.security.Access;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;

/**
 * Herald's own feed, {@code herald/stats}: connections, busiest topics, traffic rates, heap. Every
 * instance sharing a backplane publishes to the one topic, each naming itself in {@code instance}.
 */
@ApplicationScoped
public class StatsSource implements PolledSource {
  public static final String TOPIC = "herald/stats";
  private static final int BUSIEST = 10;

  @Inject Hub hub;
  @Inject HeraldConfig config;
  @Inject Access access;

  /** The host (a pod's or container's name) and the process: unique among running instances. */
  private static final String INSTANCE = host() + "/" + ProcessHandle.current().pid();

  private long lastNanos = System.nanoTime();
  private long lastPublished;
  private long lastDelivered;

  @Override
  public String topic() {
    return TOPIC;
  }

  @Override
  public String type() {
    return "stats";
  }

  @Override
  public Duration interval() {
    return config.statsInterval();
  }

  @Override
  public synchronized JsonObject poll() {
    Counters c = hub.counters();
    long now = System.nanoTime();
    double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
    long published = c.published();
    long delivered = c.delivered();
    JsonArrayBuilder busiest = JSON.createArrayBuilder();
    // A private topic's name can say too much (users/42/...): the feed is public.
    for (TopicBroadcaster b : hub.busiest(BUSIEST, t -> !access.isPrivate(t))) {
      busiest.add(JSON.createObjectBuilder().add("topic", b.topic()).add("subscribers", b.size()));
    }
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    JsonObject stats =
        JSON.createObjectBuilder()
            .add("instance", INSTANCE)
            .add("connections", hub.connections())
            .add("polls", hub.waitingPolls())
            .add("busiestTopics", busiest)
            .add("publishedPerSecond", Math.round((published - lastPublished) / seconds))
            .add("deliveredPerSecond", Math.round((delivered - lastDelivered) / seconds))
            .add("published", published)
            .add("delivered", delivered)
            .add("droppedSlowSubscribers", c.dropped())
            .add("heapUsedBytes", heap.getUsed())
            .add("heapMaxBytes", heap.getMax())
            .build();
    lastNanos = now;
    lastPublished = published;
    lastDelivered = delivered;
    return stats;
  }

  private static String host() {
    String name = System.getenv("HOSTNAME");
    if (name != null && !name.isBlank()) return name;
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown-host";
    }
  }
}
