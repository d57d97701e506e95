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
import java.util.List;

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
        The fan-out workload (%s subscribers on one topic) against the harness's trivial sender \
        (`herald-bench blaster`) on core 0. Where it keeps up, the generator is not the limit at that rate; where the \
        generator's CPU reaches ~100 %% first, that rate is the generator's ceiling.

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
    String title = "Fan-out: " + subscribers + " subscribers on one topic, rising publish rate";
    rampSection(
        "fanout",
        title,
        "All "
            + subscribers
            + " subscribers on one topic; the publish rate rises step by step until the server"
            + " saturates; each publish is one delivery per subscriber.");
    if (results.has("fanout", HERALD, NCHAN)) {
      fanoutChart(title);
    }
  }

  private void topics() {
    String topics = scale(results.scale("topics", "topics"));
    rampSection(
        "topics",
        "Many topics: " + topics + " topics × 1 subscriber",
        "One subscriber on each of "
            + topics
            + " topics; publishes go round-robin across the topics, so each delivery costs one"
            + " publish request.");
  }

  private void rampSection(String scenario, String title, String intro) {
    if (!results.has(scenario, HERALD, NCHAN)) {
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
    List<String> dropped = new ArrayList<>();
    for (int step : results.steps(scenario, HERALD, NCHAN)) {
      double offered = results.medianOnFirst(scenario, step, "offered", HERALD, NCHAN);
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
          report.heraldAndNchan(scenario, step, "generatorCpuPct", v -> decimal(v, 0)),
          report.heraldAndNchan(scenario, step, "missing", MarkdownTable::count));
      for (String target : List.of(HERALD, NCHAN)) {
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
  }

  /**
   * The one picture the tables do not replace: how throughput and p99 bend as the offered rate
   * rises, Herald against nchan, with the trivial sender's throughput for the generator's ceiling.
   * The data's layout is what bench/plot/fanout.gp reads.
   */
  private void fanoutChart(String title) throws IOException {
    StringBuilder data = new StringBuilder("# offered, achieved H n, p99 ms H n\n");
    for (int step : results.steps("fanout", HERALD, NCHAN)) {
      data.append(
          Report.dataLine(
              results.medianOnFirst("fanout", step, "offered", HERALD, NCHAN),
              results.median("fanout", HERALD, step, "achieved"),
              results.median("fanout", NCHAN, step, "achieved"),
              results.median("fanout", HERALD, step, "p99Ms"),
              results.median("fanout", NCHAN, step, "p99Ms")));
    }
    data.append("\n\n# the trivial sender (calibration): offered, achieved\n");
    for (int step : results.steps("calibration", BLASTER)) {
      data.append(
          Report.dataLine(
              results.median("calibration", BLASTER, step, "offered"),
              results.median("calibration", BLASTER, step, "achieved")));
    }
    report.chartData("fanout", data.toString());
    report.text("![" + title + ": throughput](img/fanout-throughput.svg)\n\n");
    report.text("![" + title + ": p99 latency](img/fanout-p99.svg)\n\n");
  }

  private void latency() {
    if (!results.has("latency", HERALD, NCHAN)) {
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
    for (String target : List.of(HERALD, NCHAN, BLASTER)) {
      if (!results.has("latency", target)) {
        continue;
      }
      t.row(
          target.equals(BLASTER) ? "trivial sender (calibration)" : target,
          count(results.median("latency", target, 1, "offered")),
          count(results.median("latency", target, 1, "achieved")),
          decimal(results.median("latency", target, 1, "p50Ms"), 2),
          decimal(results.median("latency", target, 1, "p90Ms"), 2),
          decimal(results.median("latency", target, 1, "p99Ms"), 2),
          decimal(results.median("latency", target, 1, "maxMs"), 1),
          report.medians(
              "latency", target, 1, v -> decimal(v, 2), "publishAnswerP50Ms", "publishAnswerP99Ms"),
          count(results.median("latency", target, 1, "missing")),
          decimal(results.median("latency", target, 1, "serverCpuPct"), 0));
    }
    report.text(t.toString()).text("\n");
  }

  private String latencies(String scenario, String target, int step) {
    return report.medians(scenario, target, step, v -> decimal(v, 1), "p50Ms", "p90Ms", "p99Ms")
        + " / "
        + decimal(results.median(scenario, target, step, "maxMs"), 0);
  }

  private String runsNote(String scenario, String target, int step) {
    int runs = results.runs(scenario, target, step);
    int all = results.runs(scenario, target);
    return runs > 0 && runs < all ? " (" + runs + ")" : "";
  }
}
