package dev.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @Test
  void medianOfRunsAndRecordRoundTrip() {
    ResultRecord r = new ResultRecord().put("a", 1.5).put("b", "x=y\tz");
    ResultRecord back = ResultRecord.parse(r.toLine());
    assertEquals(1.5, back.number("a"));
    assertEquals("x y z", back.get("b"));
    assertEquals(2.0, ResultSet.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, ResultSet.median(List.of(4.0, 1.0, 2.0, 3.0, Double.NaN)));
  }

  @Test
  void aRunThatNeverSettledCountsAsLongest() {
    List<ResultRecord> records = new ArrayList<>();
    for (double seconds : new double[] {1, Double.NaN, Double.NaN}) {
      records.add(
          new ResultRecord()
              .put("scenario", "churn")
              .put("target", "herald")
              .put("step", "end")
              .put("secondsToBaseline", seconds));
    }
    ResultSet set = new ResultSet(records);
    assertTrue(Double.isNaN(set.medianEndCountingMissing("churn", "herald", "secondsToBaseline")));
    records.remove(2);
    records.add(ResultRecord.parse("scenario=churn\ttarget=herald\tstep=end\tsecondsToBaseline=3"));
    assertEquals(
        3.0,
        new ResultSet(records).medianEndCountingMissing("churn", "herald", "secondsToBaseline"));
  }

  @Test
  void judgesTargetsAtTheirScale(@TempDir Path dir) throws Exception {
    String md = write(dir, fixture(10_000, 100));
    assertTrue(
        md.contains(
            "| p50 publish→deliver latency < 5 ms with 100 subscribers | 2.00 ms | 2.00 ms | 1.00×"
                + " | **met** |"),
        md);
    assertTrue(md.contains("≥ 1.2 × nchan's | 144,002 | 144,002 | 1.00× | **not met** |"), md);
    assertTrue(md.contains("at 50k deliveries/s (fan-out) ≤ nchan's | 4.0 ms | 4.0 ms"), md);
    assertTrue(md.contains("](img/fanout-throughput.svg)"), md);
    assertTrue(md.contains("](img/fanout-p99.svg)"), md);
    List<String> data = Files.readAllLines(dir.resolve("docs/img/fanout.dat"));
    assertEquals("50000.000 48002.000 48002.000 4.000 4.000", data.get(1));
    assertEquals("150000.000 144002.000 144002.000 12.000 12.000", data.get(3));
  }

  @Test
  void saysNotMeasuredWhenScaledDown(@TempDir Path dir) throws Exception {
    String md = write(dir, fixture(1000, 50));
    assertTrue(md.contains("not measured at this scale (1,000 subscribers)"), md);
    assertTrue(md.contains("not measured at this scale (50 subscribers)"), md);
    assertTrue(md.contains("## Fan-out: 1k subscribers on one topic"), md);
  }

  @Test
  void judgesIdleMemoryOnTheMarginalGrowth(@TempDir Path dir) throws Exception {
    List<ResultRecord> records = new ArrayList<>();
    for (int run = 1; run <= 3; run++) {
      records.add(idle(run, 1000, 1000, 20_000, Double.NaN));
      records.add(idle(run, 18_000, 18_000, 9_000, 7_000));
    }
    String md = write(dir, records);
    assertTrue(md.contains("RSS 6.8 KiB, heap 6.8 KiB (from zero: RSS 8.8 KiB"), md);
    assertTrue(md.contains("(up to 18,000 connections)"), md);
    assertTrue(md.contains("| 18,000 connected (fewest in any run), heap after GC"), md);
  }

  @Test
  void judgesThePublishCostAndTheBatchRate(@TempDir Path dir) throws Exception {
    List<ResultRecord> records = new ArrayList<>();
    for (int run = 1; run <= 3; run++) {
      records.add(publish("publish", "herald", run, 1, 19_000 + run, 97, 51.0));
      records.add(publish("publish", "nchan", run, 1, 30_000 + run, 95, 31.7));
      records.add(publish("batch", "herald", run, 100, 203_000 + run, 99, 487.0));
    }
    String md = write(dir, records);
    assertTrue(
        md.contains(
            "| CPU per publish request (one JSON event, bearer token) ≤ nchan's | 51.0 µs | 31.7 µs"
                + " | 1.61× | **not met** |"),
        md);
    assertTrue(md.contains("≥ 10 × one event per request | 203,002 (10.68× single)"), md);
    assertTrue(md.contains("| Herald, batches | 100 | 2,030 | 203,002 | 99 % | 487.0 µs |"), md);
  }

  @Test
  void judgesTheReconnectStormOnExactnessAndTimeUntilLive(@TempDir Path dir) throws Exception {
    List<ResultRecord> records = new ArrayList<>();
    for (int run = 1; run <= 3; run++) {
      records.add(storm("herald", run, 10_000, 1.2 + run / 10.0));
      records.add(storm("nchan", run, 10_000, 1.5));
    }
    String md = write(dir, records);
    assertTrue(
        md.contains(
            "| reconnect storm: every subscriber resumed with exactly its missed events, and time"
                + " until all live again ≤ nchan's | 10,000 of 10,000 exact, all live after 1.40 s"
                + " | 10,000 of 10,000 exact, all live after 1.50 s | 0.93× | **met** |"),
        md);
    assertTrue(
        md.contains(
            "| herald | 10,000 | 100 | 1.0 s (1.01 s) | 10,000 | 0 / 0 / 0 | 0 | 1.30 s | 1.40 s"),
        md);

    records.set(0, storm("herald", 1, 9_999, 1.0).put("withGap", 1));
    md = write(dir, records);
    assertTrue(md.contains("| 9,999 of 10,000 exact, all live after 1.40 s"), md);
    assertTrue(md.contains("| 0.93× | **not met** |"), md);
  }

  private static ResultRecord storm(String target, int run, int exact, double liveSeconds) {
    return new ResultRecord()
        .put("scenario", "storm")
        .put("target", target)
        .put("run", run)
        .put("step", 1)
        .put("subscribers", 10_000)
        .put("missed", 100)
        .put("spreadSeconds", 1.0)
        .put("lastOpenSeconds", 1.01)
        .put("reconnected", 10_000)
        .put("resumedExactly", exact)
        .put("withMissing", 0)
        .put("withDuplicates", 0)
        .put("withGap", 0)
        .put("caughtUpSeconds", liveSeconds - 0.1)
        .put("liveSeconds", liveSeconds)
        .put("caughtUpP50Ms", 40.0)
        .put("caughtUpP99Ms", 300.0)
        .put("serverCpuPct", 90.0);
  }

  private static ResultRecord publish(
      String scenario, String target, int run, int batch, double events, double cpu, double us) {
    return new ResultRecord()
        .put("scenario", scenario)
        .put("target", target)
        .put("run", run)
        .put("step", 1)
        .put("seconds", 20)
        .put("batch", batch)
        .put("eventsPerSecond", events)
        .put("requestsPerSecond", events / batch)
        .put("serverCpuPct", cpu)
        .put("cpuMicrosPerRequest", us)
        .put("answerP50Ms", 0.2)
        .put("answerP99Ms", 0.5);
  }

  private static ResultRecord idle(
      int run, int step, int connected, double fromZero, double marginal) {
    return new ResultRecord()
        .put("scenario", "idle")
        .put("target", "herald")
        .put("run", run)
        .put("step", step)
        .put("subscribers", step)
        .put("connected", connected)
        .put("rssBytes", 300e6)
        .put("rssPerConnBytes", fromZero)
        .put("rssMarginalPerConnBytes", marginal)
        .put("heapBytes", 100e6)
        .put("heapPerConnBytes", fromZero)
        .put("heapMarginalPerConnBytes", marginal);
  }

  private static List<ResultRecord> fixture(int fanoutSubscribers, int latencySubscribers) {
    List<ResultRecord> records = new ArrayList<>();
    for (int run = 1; run <= 3; run++) {
      for (String target : List.of("herald", "nchan")) {
        for (int step = 1; step <= 3; step++) {
          records.add(
              new ResultRecord()
                  .put("scenario", "fanout")
                  .put("target", target)
                  .put("run", run)
                  .put("step", step)
                  .put("subscribers", fanoutSubscribers)
                  .put("offered", 50_000.0 * step)
                  .put("achieved", 48_000.0 * step + run)
                  .put("p50Ms", 1.0 * step)
                  .put("p99Ms", 4.0 * step)
                  .put("saturated", step == 3));
        }
        records.add(
            new ResultRecord()
                .put("scenario", "latency")
                .put("target", target)
                .put("run", run)
                .put("step", 1)
                .put("subscribers", latencySubscribers)
                .put("p50Ms", 2.0));
      }
    }
    return records;
  }

  private static String write(Path dir, List<ResultRecord> records) throws IOException {
    Path machine = Files.writeString(dir.resolve("machine.txt"), "cpus=2\nrepeats=3\n");
    Path commands = Files.writeString(dir.resolve("commands.txt"), "bench/run.sh\n");
    Path out = dir.resolve("docs/performance.md");
    Files.createDirectories(out.getParent());
    new PerformanceReport(records, machine, commands, "").write(out);
    return Files.readString(out);
  }
}
