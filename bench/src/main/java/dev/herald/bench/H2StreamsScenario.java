package dev.herald.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * SSE over HTTP/2 and TLS, as a browser multiplexes it: C connections with S streams each, all on
 * one topic. First the memory a stream costs: streams are added in stages of streams per connection
 * (1, then more) with the connection count fixed, so growth between stages is the cost of streams
 * alone and the first stage's growth over no connections that of the connections. Then deliveries:
 * publishes (plain HTTP/1.1, as the other scenarios publish) at rising rates, each event to every
 * stream.
 *
 * <p>Steps are numbered on: the memory stages first (1..m), then the delivery steps; a delivery
 * step is the one with a {@code publishRate}.
 */
final class H2StreamsScenario {
  private final RunContext context;
  private final int tlsPort;
  private final Path certificate;
  private final int connections;
  private final List<Double> streamLevels;
  private final List<Double> rates;
  private final double settleSeconds;
  private final double stepSeconds;
  private final double warmupSeconds;
  private final double drainSeconds;
  private final boolean stopAtSaturation;

  H2StreamsScenario(RunContext context, Options o) {
    this.context = context;
    this.tlsPort = o.integer("tls-port", 18083);
    this.certificate = Path.of(o.required("tls-cert"));
    this.connections = o.integer("connections", 10);
    this.streamLevels = o.decimals("streams-per-connection", "1,10");
    this.rates = o.decimals("rates", "10");
    this.settleSeconds = o.decimal("settle-seconds", 2);
    this.stepSeconds = o.decimal("step-seconds", 5);
    this.warmupSeconds = o.decimal("warmup-seconds", 2);
    this.drainSeconds = o.decimal("drain-seconds", 5);
    this.stopAtSaturation = o.flag("stop-at-saturation", false);
  }

  void run() throws Exception {
    System.out.printf(
        "h2 on %s: %d connections x %s streams (TLS port %d), rates %s/s%n",
        context.target().label(), connections, streamLevels, tlsPort, rates);
    Memory base =
        new Memory(context.serverRss(), context.serverHeapAfterGc(), 0, SocketCensus.held(tlsPort));
    Memory first = null;
    int step = 0;
    try (H2StreamPool pool =
        new H2StreamPool(
            context.target(), tlsPort, context.topics().name(0), connections, certificate)) {
      for (double level : streamLevels) {
        long start = System.nanoTime();
        pool.openUpTo((int) level, Duration.ofSeconds(120));
        double connectSeconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep((long) (settleSeconds * 1000));
        Memory now =
            new Memory(
                context.serverRss(),
                context.serverHeapAfterGc(),
                pool.streaming(),
                SocketCensus.held(tlsPort) - base.sockets());
        ResultRecord r = streamsRecord(pool, ++step).put("connectSeconds", connectSeconds);
        now.addTo(r, base, first);
        context.log().append(r);
        System.out.printf(
            "  %d streams on %d sockets: RSS %d KiB%s%n",
            now.streams(),
            now.sockets(),
            now.rss() / 1024,
            now.heap() < 0 ? "" : ", heap " + now.heap() / 1024 + " KiB");
        first = first == null ? now : first;
      }
      try (OpenLoopPublisher publisher =
          new OpenLoopPublisher(
              context.target(),
              context.port(),
              context.topics(),
              1,
              4,
              context.payloadSize(),
              context.token())) {
        if (warmupSeconds > 0) {
          publisher.publishFor(rates.get(0), warmupSeconds);
          awaitDeliveries(pool, publisher.acknowledgedPerTopic()[0] * pool.streaming(), 0);
        }
        for (double rate : rates) {
          ResultRecord r = deliveryStep(pool, publisher, rate, ++step);
          context.log().append(r);
          if (stopAtSaturation && r.get("saturated").equals("true")) {
            break;
          }
        }
        long published = publisher.acknowledgedPerTopic()[0];
        context
            .log()
            .append(
                streamsRecord(pool, 0)
                    .put("step", "end")
                    .put("missingTotal", pool.missing(published))
                    .put("duplicatesTotal", pool.duplicates()));
      }
    }
  }

  private ResultRecord streamsRecord(H2StreamPool pool, int step) {
    ResultRecord r =
        context
            .record()
            .put("step", step)
            .put("connections", connections)
            .put("streamsPerConnection", pool.opened() / connections)
            .put("subscribers", pool.opened())
            .put("connected", pool.streaming())
            .put("connectErrors", pool.failed())
            .put("closedByServer", pool.endedByServer());
    if (!pool.firstError().isEmpty()) {
      r.put("firstError", pool.firstError());
    }
    return r;
  }

  private ResultRecord deliveryStep(
      H2StreamPool pool, OpenLoopPublisher publisher, double rate, int step) throws Exception {
    long deliveriesBefore = pool.deliveries();
    long duplicatesBefore = pool.duplicates();
    long ackedBefore = publisher.acknowledgedPerTopic()[0];
    pool.takeLatency();
    CpuWindow cpu = new CpuWindow(context);
    long start = System.nanoTime();
    PublishResult published = publisher.publishFor(rate, stepSeconds);
    ResultRecord r = streamsRecord(pool, step);
    cpu.addTo(r);
    long expected = (publisher.acknowledgedPerTopic()[0] - ackedBefore) * pool.streaming();
    long unique =
        awaitDeliveries(pool, expected, deliveriesBefore - duplicatesBefore)
            - (deliveriesBefore - duplicatesBefore);
    long deliveries = pool.deliveries() - deliveriesBefore;
    double seconds = Math.max(stepSeconds, (pool.lastDeliveryNanos() - start) / 1e9);
    double offered = rate * pool.streaming();
    double achieved = deliveries / seconds;
    Histogram latency = pool.takeLatency();
    double p99 = millis(latency, 99);
    boolean saturated =
        achieved < 0.95 * offered || p99 > 1000 || unique < expected || published.unsent() > 0;
    return r.put("publishRate", rate)
        .put("offered", offered)
        .put("achieved", achieved)
        .put("deliveries", deliveries)
        .put("expected", expected)
        .put("missing", Math.max(0, expected - unique))
        .put("duplicates", pool.duplicates() - duplicatesBefore)
        .put("p50Ms", millis(latency, 50))
        .put("p99Ms", p99)
        .put("maxMs", latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0)
        .put("publishFailed", published.failed())
        .put("publishUnsent", published.unsent())
        .put("rssBytes", context.serverRss())
        .put("saturated", saturated);
  }

  /**
   * Waits (at most the drain time) until {@code expected} more distinct events than {@code
   * uniqueBefore} have arrived; returns the distinct deliveries then.
   */
  private long awaitDeliveries(H2StreamPool pool, long expected, long uniqueBefore)
      throws InterruptedException {
    Waits.until(() -> unique(pool) - uniqueBefore >= expected, Waits.deadline(drainSeconds), 5);
    Thread.sleep(50); // duplicates, if any, arrive right behind
    return unique(pool);
  }

  private static long unique(H2StreamPool pool) {
    return pool.deliveries() - pool.duplicates();
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  /** The server's memory with so many streams open on so many sockets (heap -1: not a JVM). */
  private record Memory(long rss, long heap, int streams, int sockets) {
    void addTo(ResultRecord r, Memory base, Memory first) {
      r.put("streams", streams)
          .put("serverSockets", sockets)
          .put("rssBaseBytes", base.rss())
          .put("rssBytes", rss)
          .put("rssPerStreamBytes", per(rss - base.rss(), streams));
      boolean withHeap = heap >= 0 && base.heap() >= 0;
      if (withHeap) {
        r.put("heapBaseBytes", base.heap())
            .put("heapBytes", heap)
            .put("heapPerStreamBytes", per(heap - base.heap(), streams));
      }
      if (first == null) {
        // One stream per connection at the first stage, usually: the connections' own cost.
        r.put("rssPerSocketBytes", per(rss - base.rss(), sockets));
        if (withHeap) {
          r.put("heapPerSocketBytes", per(heap - base.heap(), sockets));
        }
      } else {
        r.put("rssMarginalPerStreamBytes", per(rss - first.rss(), streams - first.streams()));
        if (withHeap) {
          r.put("heapMarginalPerStreamBytes", per(heap - first.heap(), streams - first.streams()));
        }
      }
    }

    private static double per(long growth, int count) {
      return count <= 0 ? Double.NaN : (double) growth / count;
    }
  }
}
