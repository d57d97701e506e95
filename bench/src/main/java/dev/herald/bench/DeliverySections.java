package dev.herald.bench;

import static dev.herald.bench.MarkdownTable.count;
import static dev.herald.bench.MarkdownTable.decimal;
import static dev.herald.bench.MarkdownTable.ratio;
import static dev.herald.bench.Report.BLASTER;
import static dev.herald.bench.Report.HERALD;
import static dev.herald.bench.Report.NCHAN;
import static dev.herald.bench.Report.scale;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sections about events delivered: the calibration against the trivial sender, fan-out and many
 * topics at rising rates, and latency at a moderate rate.
 */
final class DeliverySections {
  private final Report report;
  private final ResultSet results;

  private DeliverySections(Report report) {
    this.report = report;
    this.results = report.results;
  }

  static void write(Report report) throws IOException {
    DeliverySections s = new DeliverySections(report);
    s.calibration();
    s.fanout();
    s.latency();
    s.topics();
  }

  private void calibration() {
    if (!results.has("calibration", BLASTER)) {
      return;
    }
    report.text("## Calibration: the generator against a trivial sender\n\n");
    report.text(
        """
        The harness's own raw-socket SSE sender (`herald-bench blaster`: one thread, encodes each
        publish once and writes it to every subscriber's socket, nothing else) on core 0, fed by the
        same publisher and read by the same generator as the real servers, with the fan-out
        workload (%s subscribers on one topic). Where it keeps up, the generator is not the limit at
        that rate; where the generator's CPU reaches ~100 %% first, that rate is the generator's
        ceiling.

        """
            .formatted(scale(results.scale("calibration", "subscribers"))));
    MarkdownTable t =
        new MarkdownTable(
            "offered deliveries/s",
            "achieved",
            "p50 ms",
            "p99 ms",
            "sender CPU %",
            "generator CPU %",
            "runs");
    for (int step : results.steps("calibration", BLASTER)) {
      t.row(
          count(results.median("calibration", BLASTER, step, "offered")),
          count(results.median("calibration", BLASTER, step, "achieved")),
          decimal(results.median("calibration", BLASTER, step, "p50Ms"), 1),
          decimal(results.median("calibration", BLASTER, step, "p99Ms"), 1),
          decimal(results.median("calibration", BLASTER, step, "serverCpuPct"), 0),
          decimal(results.median("calibration", BLASTER, step, "generatorCpuPct"), 0),
          Integer.toString(results.runs("calibration", BLASTER, step)));
    }
    report.text(t.toString()).text("\n");
  }

  private void fanout() throws IOException {
    String subscribers = scale(results.scale("fanout", "subscribers"));
    rampSection(
        "fanout",
        "Fan-out: " + subscribers + " subscribers on one topic, rising publish rate",
        "Fan-out, " + subscribers + " subscribers",
        "All "
            + subscribers
            + " subscribers on one topic; the publish rate rises step by step until the server"
            + " saturates (achieved < 95 % of offered, p99 > 1 s, events lost or publishes not"
            + " sent on time); each publish is one delivery per subscriber.");
  }

  private void topics() throws IOException {
    String topics = scale(results.scale("topics", "topics"));
    rampSection(
        "topics",
        "Many topics: " + topics + " topics × 1 subscriber",
        "Many topics, " + topics + " × 1",
        "One subscriber on each of "
            + topics
            + " topics; publishes go round-robin across the topics, so each delivery costs one"
            + " publish request.");
  }

  /** A table and two charts; {@code chartName} is a title short enough for the charts. */
  private void rampSection(String scenario, String title, String chartName, String intro)
      throws IOException {
    if (!results.has(scenario, HERALD) && !results.has(scenario, NCHAN)) {
      return;
    }
    report.text("## " + title + "\n\n" + intro + "\n\n");
    MarkdownTable t =
        new MarkdownTable(
            "offered deliveries/s",
            "Herald achieved",
            "nchan achieved",
            "Herald/nchan",
            "Herald p50 / p90 / p99 / max ms",
            "nchan p50 / p90 / p99 / max ms",
            "Herald CPU %",
            "nchan CPU %",
            "generator CPU % (H / n)",
            "missing (H / n)");
    List<String> targets = List.of(HERALD, NCHAN);
    Map<String, List<double[]>> achieved = new LinkedHashMap<>();
    Map<String, List<double[]>> p99 = new LinkedHashMap<>();
    for (String target : targets) {
      achieved.put(target, new ArrayList<>());
      p99.put(target, new ArrayList<>());
    }
    List<String> dropped = new ArrayList<>();
    for (int step : results.steps(scenario, HERALD, NCHAN)) {
      double offered =
          Report.firstFinite(
              results.median(scenario, HERALD, step, "offered"),
              results.median(scenario, NCHAN, step, "offered"));
      double h = results.median(scenario, HERALD, step, "achieved");
      double n = results.median(scenario, NCHAN, step, "achieved");
      t.row(
          count(offered),
          count(h) + runsNote(scenario, HERALD, step),
          count(n) + runsNote(scenario, NCHAN, step),
          ratio(h, n),
          latencies(scenario, HERALD, step),
          latencies(scenario, NCHAN, step),
          decimal(results.median(scenario, HERALD, step, "serverCpuPct"), 0),
          decimal(results.median(scenario, NCHAN, step, "serverCpuPct"), 0),
          decimal(results.median(scenario, HERALD, step, "generatorCpuPct"), 0)
              + " / "
              + decimal(results.median(scenario, NCHAN, step, "generatorCpuPct"), 0),
          count(results.median(scenario, HERALD, step, "missing"))
              + " / "
              + count(results.median(scenario, NCHAN, step, "missing")));
      for (String target : targets) {
        achieved
            .get(target)
            .add(new double[] {offered, results.median(scenario, target, step, "achieved")});
        p99.get(target)
            .add(new double[] {offered, results.median(scenario, target, step, "p99Ms")});
        double closed = results.median(scenario, target, step, "closedByServer");
        if (closed > 0) {
          dropped.add(target + " " + count(closed) + " by " + count(offered) + "/s");
        }
      }
    }
    report.text(t.toString()).text("\n");
    double hPeak = results.medianOfRunMaxima(scenario, HERALD, "achieved");
    double nPeak = results.medianOfRunMaxima(scenario, NCHAN, "achieved");
    report.text(
        "Peak achieved deliveries/s (median over runs of each run's best step): Herald "
            + count(hPeak)
            + ", nchan "
            + count(nPeak)
            + " ("
            + ratio(hPeak, nPeak)
            + "). A number in parentheses after a figure is how many runs reached that step.");
    if (!dropped.isEmpty()) {
      report.text(
          " Subscribers the server closed (median, counted from the start of the run): "
              + String.join("; ", dropped)
              + ".");
    }
    report.text("\n\n");

    List<SvgChart.Series> throughput = new ArrayList<>();
    List<SvgChart.Series> latency = new ArrayList<>();
    double maxOffered = 0;
    for (String target : targets) {
      throughput.add(Report.series(target, achieved.get(target)));
      latency.add(Report.series(target, p99.get(target)));
      for (double[] p : achieved.get(target)) {
        maxOffered = Math.max(maxOffered, Double.isFinite(p[0]) ? p[0] : 0);
      }
    }
    if (scenario.equals("fanout") && results.has("calibration", BLASTER)) {
      List<double[]> blaster = new ArrayList<>();
      for (int step : results.steps("calibration", BLASTER)) {
        blaster.add(
            new double[] {
              results.median("calibration", BLASTER, step, "offered"),
              results.median("calibration", BLASTER, step, "achieved")
            });
      }
      throughput.add(Report.series("trivial sender", blaster));
    }
    throughput.add(
        new SvgChart.Series("offered", new double[] {0, maxOffered}, new double[] {0, maxOffered}));
    report.chart(
        scenario + "-throughput.svg",
        title + ": throughput",
        SvgChart.line(
            chartName + ": achieved deliveries/s",
            "offered deliveries/s",
            "achieved deliveries/s",
            throughput,
            false));
    report.chart(
        scenario + "-p99.svg",
        title + ": p99 latency",
        SvgChart.line(
            chartName + ": p99 latency",
            "offered deliveries/s",
            "p99 latency (ms, log)",
            latency,
            true));
  }

  private void latency() throws IOException {
    if (!results.has("latency", HERALD) && !results.has("latency", NCHAN)) {
      return;
    }
    String subscribers = scale(results.scale("latency", "subscribers"));
    report.text("## Latency: " + subscribers + " subscribers, moderate rate\n\n");
    report.text(
        "One topic, a steady publish rate far below saturation. *Publish answer* is how long the"
            + " server took to answer the publish request, part of the publish→deliver time. The"
            + " trivial sender's row is the latency the generator itself adds.\n\n");
    MarkdownTable t =
        new MarkdownTable(
            "server",
            "offered deliveries/s",
            "achieved",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "max ms",
            "publish answer p50 / p99 ms",
            "missing",
            "server CPU %");
    List<String> names = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    for (String target : List.of(HERALD, NCHAN, BLASTER)) {
      if (!results.has("latency", target)) {
        continue;
      }
      double[] p = {
        results.median("latency", target, 1, "p50Ms"),
        results.median("latency", target, 1, "p90Ms"),
        results.median("latency", target, 1, "p99Ms")
      };
      t.row(
          target.equals(BLASTER) ? "trivial sender (calibration)" : target,
          count(results.median("latency", target, 1, "offered")),
          count(results.median("latency", target, 1, "achieved")),
          decimal(p[0], 2),
          decimal(p[1], 2),
          decimal(p[2], 2),
          decimal(results.median("latency", target, 1, "maxMs"), 1),
          decimal(results.median("latency", target, 1, "publishAnswerP50Ms"), 2)
              + " / "
              + decimal(results.median("latency", target, 1, "publishAnswerP99Ms"), 2),
          count(results.median("latency", target, 1, "missing")),
          decimal(results.median("latency", target, 1, "serverCpuPct"), 0));
      names.add(target.equals(BLASTER) ? "trivial sender" : target);
      rows.add(p);
    }
    report.text(t.toString()).text("\n");
    List<SvgChart.Series> series = new ArrayList<>();
    String[] percentiles = {"p50", "p90", "p99"};
    for (int k = 0; k < percentiles.length; k++) {
      double[] values = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        values[i] = rows.get(i)[k];
      }
      series.add(new SvgChart.Series(percentiles[k], null, values));
    }
    report.chart(
        "latency.svg",
        "Latency at " + subscribers + " subscribers",
        SvgChart.bars(
            "Publish→deliver latency, " + subscribers + " subscribers", "ms", names, series));
  }

  private String latencies(String scenario, String target, int step) {
    return decimal(results.median(scenario, target, step, "p50Ms"), 1)
        + " / "
        + decimal(results.median(scenario, target, step, "p90Ms"), 1)
        + " / "
        + decimal(results.median(scenario, target, step, "p99Ms"), 1)
        + " / "
        + decimal(results.median(scenario, target, step, "maxMs"), 0);
  }

  private String runsNote(String scenario, String target, int step) {
    int runs = results.runs(scenario, target, step);
    int all = results.runs(scenario, target);
    return runs > 0 && runs < all ? " (" + runs + ")" : "";
  }
}
