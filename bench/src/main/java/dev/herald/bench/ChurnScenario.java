package dev.herald.bench;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Connect/disconnect churn: with some subscribers held open, open and close short-lived
 * subscriptions at each rate in turn, then watch two counts go back to where they started: the
 * connections the server holds on its port (a server that notices closed peers late holds them in
 * CLOSE_WAIT) and the server's own count of subscribers (which it lowers only once it has noticed).
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
      int socketsBefore = SocketCensus.held(context.port());
      int countedBefore = context.serverSubscriberCount();
      long rssBefore = context.serverRss();
      int step = 0;
      for (double rate : rates) {
        CpuWindow cpu = new CpuWindow(context);
        ChurnDriver.Result result = churn.run(rate, stepSeconds);
        ResultRecord r = context.record();
        cpu.addTo(r);
        Histogram head = result.headMicros();
        r.put("step", ++step)
            .put("subscribers", subscribers)
            .put("connected", pool.connected())
            .put("connectErrors", pool.failed())
            .put("churnRate", rate)
            .put("attempted", result.attempted())
            .put("succeeded", result.succeeded())
            .put("errors", result.errors())
            .put("skipped", result.skipped())
            .put("achievedPerSec", result.succeeded() / stepSeconds)
            .put("headP50Ms", millis(head, 50))
            .put("headP99Ms", millis(head, 99))
            .put("serverSockets", SocketCensus.held(context.port()))
            .put("serverCounted", context.serverSubscriberCount())
            .put("rssBytes", context.serverRss());
        if (churn.firstError() != null) {
          r.put("firstError", churn.firstError());
        }
        context.log().append(r);
      }
      Settled sockets = new Settled();
      Settled counted = new Settled();
      long settleStart = System.nanoTime();
      long deadline = settleStart + (long) (settleSeconds * 1e9);
      while (true) {
        sockets.observe(SocketCensus.held(context.port()), socketsBefore, settleStart);
        counted.observe(context.serverSubscriberCount(), countedBefore, settleStart);
        if ((sockets.done() && counted.done()) || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(250);
      }
      context
          .log()
          .append(
              context
                  .record()
                  .put("step", "end")
                  .put("subscribers", subscribers)
                  .put("connected", pool.connected() - pool.closedByServer())
                  .put("connectErrors", pool.failed())
                  .put("baselineSockets", socketsBefore)
                  .put("afterSockets", sockets.last)
                  .put("secondsToBaseline", sockets.seconds)
                  .put("baselineCounted", countedBefore)
                  .put("afterCounted", counted.last)
                  .put("countedSecondsToBaseline", counted.seconds)
                  .put("returnedToBaseline", sockets.done() && counted.done())
                  .put("settleSeconds", settleSeconds)
                  .put("rssBeforeBytes", rssBefore)
                  .put("rssAfterBytes", context.serverRss()));
    }
  }

  /**
   * Watches one count go back to its baseline after the churn: the seconds it took, or NaN while it
   * has not. A server that keeps no count of its own (-1 from the start) is done at once.
   */
  private static final class Settled {
    int last;
    double seconds = Double.NaN;

    void observe(int now, int baseline, long sinceNanos) {
      if (now < 0 && baseline >= 0) {
        return; // no answer this time: unknown, not zero
      }
      last = now;
      if (Double.isNaN(seconds) && now <= baseline) {
        seconds = (System.nanoTime() - sinceNanos) / 1e9;
      }
    }

    boolean done() {
      return !Double.isNaN(seconds);
    }
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
