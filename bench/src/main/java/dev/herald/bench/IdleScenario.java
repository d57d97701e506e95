package dev.herald.bench;

import java.time.Duration;
import java.util.List;

/**
 * Idle capacity: open subscribers in stages (1k, 5k, ... all on one topic, nothing published) and
 * at each stage measure how many are connected and what the server holds in memory, compared with
 * the same server at zero connections. For a JVM both RSS and heap-after-full-GC are taken.
 *
 * <p>Growth from zero includes one-off costs of a freshly started server (code loaded and compiled
 * for the first connections), so each later stage also gets the marginal cost: growth since the
 * first stage divided by the connections added since then, what one more subscriber costs.
 */
final class IdleScenario {
  private final RunContext context;
  private final List<Double> levels;
  private final double settleSeconds;

  IdleScenario(RunContext context, Options o) {
    this.context = context;
    this.levels = o.decimals("levels", "1000,5000,10000,18000");
    this.settleSeconds = o.decimal("settle-seconds", 2);
  }

  void run() throws Exception {
    System.out.printf("idle on %s: levels %s%n", context.target().label(), levels);
    long heapBase = context.serverHeapAfterGc();
    long rssBase = context.serverRss();
    int socketsBase = SocketCensus.held(context.port());
    System.out.printf("  baseline RSS %d KiB, heap %d KiB%n", rssBase / 1024, heapBase / 1024);
    Stage first = null;
    try (SubscriberPool pool = context.newPool(1, Duration.ofSeconds(60))) {
      for (double level : levels) {
        int target = (int) level;
        long start = System.nanoTime();
        pool.open(target - pool.opened(), i -> 0);
        pool.awaitSettled(Duration.ofSeconds(180));
        double connectSeconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep((long) (settleSeconds * 1000));
        long heap = context.serverHeapAfterGc();
        long rss = context.serverRss();
        int connected = pool.connected() - pool.closedByServer();
        ResultRecord r =
            context
                .record()
                .put("step", target)
                .put("subscribers", target)
                .put("connected", connected)
                .put("connectErrors", pool.failed())
                .put("closedByServer", pool.closedByServer())
                .put("connectSeconds", connectSeconds)
                .put("serverSockets", SocketCensus.held(context.port()) - socketsBase)
                .put("serverCounted", context.serverSubscriberCount())
                .put("rssBaseBytes", rssBase)
                .put("rssBytes", rss)
                .put("rssPerConnBytes", perConnection(rss - rssBase, connected));
        boolean withHeap = heap >= 0 && heapBase >= 0;
        if (withHeap) {
          r.put("heapBaseBytes", heapBase)
              .put("heapBytes", heap)
              .put("heapPerConnBytes", perConnection(heap - heapBase, connected));
        }
        if (first == null) {
          first = new Stage(connected, rss, heap);
        } else {
          int added = connected - first.connected();
          r.put("rssMarginalPerConnBytes", perConnection(rss - first.rss(), added));
          if (withHeap) {
            r.put("heapMarginalPerConnBytes", perConnection(heap - first.heap(), added));
          }
        }
        if (pool.firstError().length() > 0) {
          r.put("firstError", pool.firstError());
        }
        context.log().append(r);
      }
    }
  }

  private static double perConnection(long growth, int connections) {
    return connections <= 0 ? Double.NaN : (double) growth / connections;
  }

  /** What the first stage measured, the base of the marginal figures. */
  private record Stage(int connected, long rss, long heap) {}
}
