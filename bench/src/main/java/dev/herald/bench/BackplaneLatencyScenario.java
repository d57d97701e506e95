package dev.herald.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Publish-to-deliver latency across a backplane: the publisher talks to one Herald instance, the
 * subscribers to another (or to the same one, for comparison), all on one topic at one steady rate.
 * The two instances share nothing but the backplane, so every delivery measured has made the trip
 * through it. The subscribers' port is the context's; the publisher's is {@code --publish-port}.
 */
final class BackplaneLatencyScenario {
  private final RunContext context;
  private final int publishPort;
  private final int subscribers;
  private final double rate;
  private final double seconds;
  private final double warmupSeconds;
  private final double warmupRate;
  private final double drainSeconds;
  private final int publisherConnections;
  private final String label;
  private final long redisPid;

  BackplaneLatencyScenario(RunContext context, Options o) {
    this.context = context;
    this.publishPort = o.integer("publish-port", context.port());
    this.subscribers = o.integer("subscribers", 100);
    this.rate = o.decimal("rate", 200);
    this.seconds = o.decimal("seconds", 20);
    this.warmupSeconds = o.decimal("warmup-seconds", 10);
    this.warmupRate = o.decimal("warmup-rate", rate);
    this.drainSeconds = o.decimal("drain-seconds", 5);
    this.publisherConnections = o.integer("publishers", 8);
    this.label = o.string("label", "");
    this.redisPid = o.integer("redis-pid", 0);
  }

  void run() throws Exception {
    System.out.printf(
        "%s %s: publish to :%d, %d subscribers on :%d, %.0f/s for %.0f s%n",
        context.scenario(), label, publishPort, subscribers, context.port(), rate, seconds);
    try (SubscriberPool pool = context.newPool(1, Duration.ofSeconds(30))) {
      pool.open(subscribers, i -> 0);
      pool.awaitSettled(Duration.ofSeconds(60));
      if (pool.connected() < subscribers) {
        throw new IllegalStateException(
            "connected " + pool.connected() + " of " + subscribers + ": " + pool.firstError());
      }
      Thread.sleep(1000); // the last subscribers are registered with the hub, not just connected
      try (OpenLoopPublisher publisher =
          new OpenLoopPublisher(
              Target.HERALD,
              publishPort,
              context.topics(),
              1,
              publisherConnections,
              context.payloadSize(),
              context.token())) {
        if (warmupSeconds > 0) {
          publisher.publishFor(warmupRate, warmupSeconds);
          awaitDeliveries(pool, publisher.acknowledgedPerTopic()[0] * subscribers);
        }
        long deliveriesBefore = pool.deliveries();
        long duplicatesBefore = pool.duplicates();
        long ackedBefore = publisher.acknowledgedPerTopic()[0];
        pool.takeLatency();
        CpuWindow cpu = new CpuWindow(context);
        CoreLoad cores = new CoreLoad(redisPid);
        PublishResult published = publisher.publishFor(rate, seconds);
        long acked = publisher.acknowledgedPerTopic()[0] - ackedBefore;
        long expected = acked * pool.streaming(0);
        awaitDeliveries(pool, publisher.acknowledgedPerTopic()[0] * subscribers);
        Thread.sleep(50); // duplicates, if any, arrive right behind
        ResultRecord r = context.record();
        cpu.addTo(r);
        cores.addTo(r);
        Histogram latency = pool.takeLatency();
        long deliveries = pool.deliveries() - deliveriesBefore;
        long duplicates = pool.duplicates() - duplicatesBefore;
        r.put("step", label)
            .put("label", label)
            .put("publishPort", publishPort)
            .put("subscribePort", context.port())
            .put("subscribers", subscribers)
            .put("connected", pool.connected())
            .put("publishRate", rate)
            .put("offered", rate * subscribers)
            .put("deliveries", deliveries)
            .put("expected", expected)
            .put("missing", Math.max(0, expected - (deliveries - duplicates)))
            .put("duplicates", duplicates)
            .put("p50Ms", millis(latency, 50))
            .put("p90Ms", millis(latency, 90))
            .put("p99Ms", millis(latency, 99))
            .put("p999Ms", millis(latency, 99.9))
            .put("maxMs", latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1e3)
            .put("publishSent", published.sent())
            .put("publishAcked", published.acknowledged())
            .put("publishFailed", published.failed())
            .put("publishUnsent", published.unsent())
            .put("publishAnswerP50Ms", millis(published.answerMicros(), 50))
            .put("publishAnswerP99Ms", millis(published.answerMicros(), 99))
            .put("closedByServer", pool.closedByServer());
        if (published.firstFailure() != null) {
          r.put("publishFirstFailure", published.firstFailure());
        }
        context.log().append(r);
      }
    }
  }

  /** Waits, bounded, until the pool holds this many unique deliveries in all. */
  private void awaitDeliveries(SubscriberPool pool, long total) throws InterruptedException {
    Waits.until(
        () -> pool.deliveries() - pool.duplicates() >= total, Waits.deadline(drainSeconds), 5);
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
