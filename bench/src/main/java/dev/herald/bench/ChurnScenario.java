package dev.herald.bench;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Connect/disconnect churn: with some subscribers held open, open and close short-lived
 * subscriptions at each rate in turn, then watch the server's count of held connections go back to
 * where it started (a server that notices closed peers late holds them in CLOSE_WAIT).
 */
final class ChurnScenario {
  private final RunContext context;
  private final int subscribers;
  private final List<Double> rates;
  private final double stepSeconds;
  private final double settleSeconds;
  private final int maxInFlight;

  ChurnScenario(RunContext context, Options o) {
    this.context = context;
    this.subscribers = o.integer("subscribers", 100);
    this.rates = o.decimals("rates", "100");
    this.stepSeconds = o.decimal("step-seconds", 5);
    this.settleSeconds = o.decimal("settle-seconds", 40);
    this.maxInFlight = o.integer("max-in-flight", 1000);
  }

  void run() throws Exception {
    System.out.printf(
        "churn on %s: %d held subscribers, rates %s/s%n",
        context.target().label(), subscribers, rates);
    try (SubscriberPool pool = context.newPool(1, Duration.ofSeconds(30));
        ChurnDriver churn =
            new ChurnDriver(
                context.target(), context.port(), context.topics().name(0), maxInFlight)) {
      pool.open(subscribers, i -> 0);
      pool.awaitSettled(Duration.ofSeconds(60));
      Thread.sleep(500);
      int baseline = SocketCensus.held(context.port());
      long rssBefore = context.serverRss();
      int step = 0;
      for (double rate : rates) {
        CpuWindow cpu = new CpuWindow(context);
        ChurnDriver.Result result = churn.run(rate, stepSeconds);
        ResultRecord r = context.record("churn");
        cpu.addTo(r);
        Histogram head = result.headMicros();
        r.put("step", ++step)
            .put("subscribers", subscribers)
            .put("connected", pool.connected())
            .put("churnRate", rate)
            .put("attempted", result.attempted())
            .put("succeeded", result.succeeded())
            .put("errors", result.errors())
            .put("skipped", result.skipped())
            .put("achievedPerSec", result.succeeded() / stepSeconds)
            .put("headP50Ms", millis(head, 50))
            .put("headP99Ms", millis(head, 99))
            .put("serverSockets", SocketCensus.held(context.port()))
            .put("rssBytes", context.serverRss());
        if (churn.firstError() != null) {
          r.put("firstError", churn.firstError());
        }
        context.log().append(r);
      }
      long settleStart = System.nanoTime();
      long deadline = settleStart + (long) (settleSeconds * 1e9);
      int held = SocketCensus.held(context.port());
      while (held > baseline && System.nanoTime() < deadline) {
        Thread.sleep(250);
        held = SocketCensus.held(context.port());
      }
      double settled = held <= baseline ? (System.nanoTime() - settleStart) / 1e9 : Double.NaN;
      context
          .log()
          .append(
              context
                  .record("churn")
                  .put("step", "end")
                  .put("subscribers", subscribers)
                  .put("connected", pool.connected() - pool.closedByServer())
                  .put("connectErrors", pool.failed())
                  .put("baselineSockets", baseline)
                  .put("afterSockets", held)
                  .put("returnedToBaseline", held <= baseline)
                  .put("secondsToBaseline", settled)
                  .put("rssBeforeBytes", rssBefore)
                  .put("rssAfterBytes", context.serverRss()));
    }
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
