package dev.herald.bench;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Subscribers spread over topics, then publishing at each rate in turn (a step per rate). Serves
 * the fan-out scenario (many subscribers, one topic, rising rate until saturation), the latency
 * scenario (one moderate rate) and the many-topics scenario (one subscriber per topic, publishes
 * round-robin). Each step publishes for a fixed time, then waits for the deliveries still on their
 * way, so every delivery is counted in the step whose event it carries.
 */
final class RampScenario {
  private final RunContext context;
  private final int subscribers;
  private final int topics;
  private final List<Double> rates;
  private final double stepSeconds;
  private final double warmupSeconds;
  private final double warmupRate;
  private final double drainSeconds;
  private final boolean stopAtSaturation;
  private final int publisherConnections;
  private final double saturationP99Millis;

  RampScenario(RunContext context, Options o) {
    this.context = context;
    this.subscribers = o.integer("subscribers", 100);
    this.topics = o.integer("topics", 1);
    this.rates = o.decimals("rates", "10");
    this.stepSeconds = o.decimal("step-seconds", 5);
    this.warmupSeconds = o.decimal("warmup-seconds", 2);
    // A JVM server compiles its hot paths only under load: warm up at a rate that exercises them.
    this.warmupRate = o.decimal("warmup-rate", rates.get(0));
    this.drainSeconds = o.decimal("drain-seconds", 5);
    this.stopAtSaturation = o.flag("stop-at-saturation", false);
    this.publisherConnections = o.integer("publishers", 32);
    this.saturationP99Millis = o.decimal("saturation-p99-ms", 1000);
  }

  void run() throws Exception {
    System.out.printf(
        "%s on %s: %d subscribers, %d topics, rates %s/s%n",
        context.scenario(), context.target().label(), subscribers, topics, rates);
    try (SubscriberPool pool = context.newPool(topics, Duration.ofSeconds(30))) {
      long connectStart = System.nanoTime();
      pool.open(subscribers, i -> i % topics);
      pool.awaitSettled(Duration.ofSeconds(120));
      double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
      System.out.printf(
          "  connected %d of %d in %.1f s (%d failed %s)%n",
          pool.connected(), subscribers, connectSeconds, pool.failed(), pool.firstError());
      Thread.sleep(1000); // let the server finish registering the last subscribers
      try (OpenLoopPublisher publisher =
          new OpenLoopPublisher(
              context.target(),
              context.port(),
              context.topics(),
              topics,
              publisherConnections,
              context.payloadSize(),
              context.token())) {
        if (warmupSeconds > 0) {
          publisher.publishFor(warmupRate, warmupSeconds);
          awaitQuiet(pool, drainSeconds);
        }
        int step = 0;
        for (double rate : rates) {
          ResultRecord r = step(pool, publisher, rate, ++step, connectSeconds);
          context.log().append(r);
          if (stopAtSaturation && r.get("saturated").equals("true")) {
            break;
          }
        }
        Thread.sleep(200);
        long missing = pool.closeAndCountMissing(publisher.acknowledgedPerTopic(), true);
        context
            .log()
            .append(
                context
                    .record()
                    .put("step", "end")
                    .put("subscribers", subscribers)
                    .put("connected", pool.connected())
                    .put("connectErrors", pool.failed())
                    .put("closedByServer", pool.closedByServer())
                    .put("missingTotal", missing)
                    .put("duplicatesTotal", pool.duplicates()));
      }
    }
  }

  private ResultRecord step(
      SubscriberPool pool,
      OpenLoopPublisher publisher,
      double rate,
      int step,
      double connectSeconds)
      throws Exception {
    long deliveriesBefore = pool.deliveries();
    long duplicatesBefore = pool.duplicates();
    long[] ackedBefore = publisher.acknowledgedPerTopic();
    pool.takeLatency(); // drop anything left from before this step
    CpuWindow cpu = new CpuWindow(context);
    long start = System.nanoTime();
    PublishResult published = publisher.publishFor(rate, stepSeconds);
    long publishEnd = System.nanoTime();
    ResultRecord r = context.record();
    cpu.addTo(r);

    long expected = expectedDeliveries(pool, ackedBefore, publisher.acknowledgedPerTopic());
    Waits.until(
        () -> uniqueSince(pool, deliveriesBefore, duplicatesBefore) >= expected,
        publishEnd + (long) (drainSeconds * 1e9),
        5);
    Thread.sleep(50); // duplicates, if any, arrive right behind
    long deliveries = pool.deliveries() - deliveriesBefore;
    long duplicates = pool.duplicates() - duplicatesBefore;
    long unique = deliveries - duplicates;
    // The step lasts at least its scheduled length: the last publish is due one interval before
    // the end, and counting only up to it would overstate the rate of short steps.
    double seconds = Math.max(stepSeconds, (pool.lastDeliveryNanos() - start) / 1e9);
    double offered = rate * subscribers / topics;
    double achieved = deliveries / seconds;
    Histogram latency = pool.takeLatency();
    double p99 = millis(latency, 99);
    boolean saturated =
        achieved < 0.95 * offered
            || p99 > saturationP99Millis
            || unique < expected
            || published.unsent() > 0;

    r.put("step", step)
        .put("subscribers", subscribers)
        .put("connected", pool.connected())
        .put("connectErrors", pool.failed())
        .put("connectSeconds", connectSeconds)
        .put("topics", topics)
        .put("publishRate", rate)
        .put("offered", offered)
        .put("achieved", achieved)
        .put("deliveries", deliveries)
        .put("expected", expected)
        .put("missing", Math.max(0, expected - unique))
        .put("duplicates", duplicates)
        .put("p50Ms", millis(latency, 50))
        .put("p90Ms", millis(latency, 90))
        .put("p99Ms", p99)
        .put("maxMs", latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0)
        .put("publishSent", published.sent())
        .put("publishAcked", published.acknowledged())
        .put("publishFailed", published.failed())
        .put("publishUnsent", published.unsent())
        .put("publishBacklogMax", published.maxBacklog())
        .put("publishAnswerP50Ms", millis(published.answerMicros(), 50))
        .put("publishAnswerP99Ms", millis(published.answerMicros(), 99))
        .put("closedByServer", pool.closedByServer())
        .put("rssBytes", context.serverRss())
        .put("saturated", saturated);
    if (published.firstFailure() != null) {
      r.put("publishFirstFailure", published.firstFailure());
    }
    return r;
  }

  /** Deliveries the acknowledged publishes of this step owe: acked events times subscribers. */
  private long expectedDeliveries(SubscriberPool pool, long[] before, long[] after) {
    long expected = 0;
    for (int t = 0; t < after.length; t++) {
      long acked = after[t] - before[t];
      if (acked > 0) {
        expected += acked * pool.streaming(t);
      }
    }
    return expected;
  }

  private static long uniqueSince(SubscriberPool pool, long deliveries, long duplicates) {
    return (pool.deliveries() - deliveries) - (pool.duplicates() - duplicates);
  }

  /** Waits until deliveries stop arriving for a moment (after warm-up), at most {@code max} s. */
  private static void awaitQuiet(SubscriberPool pool, double maxSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = pool.deliveries();
      if (now == last) {
        return;
      }
      last = now;
      Thread.sleep(300);
    }
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
