package dev.herald.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackplaneMainTest {
  private static ResultRecord latency(int run, double p50) {
    return new ResultRecord()
        .put("scenario", "backplane-latency")
        .put("run", run)
        .put("label", "redis, cross-instance")
        .put("p50Ms", p50)
        .put("p99Ms", 10.0)
        .put("missing", 0);
  }

  private static ResultRecord throughput(int run, double eventsPerSecond) {
    return new ResultRecord()
        .put("scenario", "backplane-throughput")
        .put("run", run)
        .put("label", "redis, batches")
        .put("eventsPerSecond", eventsPerSecond)
        .put("failed", 1);
  }

  @Test
  void givesTheMedianOfTheRunsAndTheirRange() {
    String md =
        BackplaneMain.summary(
            List.of(
                latency(1, 1.5),
                latency(2, 3.0),
                latency(3, 2.0),
                throughput(1, 1000),
                throughput(2, 3000),
                throughput(3, 2000)));
    assertTrue(md.contains("| redis, cross-instance | 3 | 2.00 [1.50–3.00] | 10.00 |"), md);
    assertTrue(md.contains("| redis, batches | 3 | 2,000 [1,000–3,000] |"), md);
    // Failures are summed over the runs, not a median that could hide one bad run.
    assertTrue(md.contains("| 3 | –"), md);
  }
}
