package dev.herald.bench;

import static dev.herald.bench.MarkdownTable.count;
import static dev.herald.bench.MarkdownTable.decimal;
import static dev.herald.bench.MarkdownTable.kib;
import static dev.herald.bench.MarkdownTable.mib;
import static dev.herald.bench.Report.HERALD;
import static dev.herald.bench.Report.NCHAN;

import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP/2 scenario: streams multiplexed on a few TLS connections, what a stream costs in memory
 * and how many deliveries per second the streams got. Memory stages are the steps without a publish
 * rate; the delivery steps follow them.
 */
final class H2Section {
  private static final String SCENARIO = "h2";

  private H2Section() {}

  static void write(Report report) {
    ResultSet results = report.results;
    if (!results.has(SCENARIO, HERALD) && !results.has(SCENARIO, NCHAN)) {
      return;
    }
    report.text(
        "## HTTP/2: many streams on a few connections\n\n"
            + "SSE over TLS and HTTP/2, as a browser multiplexes it past the six-connection limit:"
            + " each connection is one `java.net.http.HttpClient`, its streams on one topic."
            + " Herald serves HTTPS on Liberty's own endpoint (`transportSecurity-1.0`, HTTP/2 by"
            + " ALPN), nchan on an nginx `listen ... ssl http2`, both with a key made for the run;"
            + " publishes go over plain HTTP/1.1 as elsewhere. Streams are added in stages of"
            + " streams per connection with the connections fixed, so the growth between stages"
            + " is what a stream costs; *sockets* is what the server held on its TLS port (one per"
            + " connection if the streams share them).\n\n");
    MarkdownTable memory =
        new MarkdownTable(
            "streams per connection",
            "streams Herald / nchan",
            "sockets Herald / nchan",
            "Herald RSS",
            "Herald heap after GC",
            "Herald per added stream: RSS / heap",
            "nchan RSS",
            "nchan per added stream: RSS");
    for (int step : memorySteps(results)) {
      memory.row(
          count(results.median(SCENARIO, HERALD, step, "streamsPerConnection")),
          count(results.min(SCENARIO, HERALD, step, "connected"))
              + " / "
              + count(results.min(SCENARIO, NCHAN, step, "connected")),
          count(results.median(SCENARIO, HERALD, step, "serverSockets"))
              + " / "
              + count(results.median(SCENARIO, NCHAN, step, "serverSockets")),
          mib(results.median(SCENARIO, HERALD, step, "rssBytes")),
          mib(results.median(SCENARIO, HERALD, step, "heapBytes")),
          kib(results.median(SCENARIO, HERALD, step, "rssMarginalPerStreamBytes"))
              + " / "
              + kib(results.median(SCENARIO, HERALD, step, "heapMarginalPerStreamBytes")),
          mib(results.median(SCENARIO, NCHAN, step, "rssBytes")),
          kib(results.median(SCENARIO, NCHAN, step, "rssMarginalPerStreamBytes")));
    }
    report.text(memory.toString()).text("\n");
    report.text(comparison(results)).text("\n\n");
    MarkdownTable delivery =
        new MarkdownTable(
            "publishes/s",
            "offered deliveries/s",
            "Herald achieved",
            "Herald p50 / p99",
            "Herald missing",
            "Herald CPU",
            "nchan achieved",
            "nchan p50 / p99",
            "nchan missing",
            "nchan CPU");
    for (int step : results.steps(SCENARIO, HERALD, NCHAN)) {
      double rate = results.medianOnFirst(SCENARIO, step, "publishRate", HERALD, NCHAN);
      if (!Double.isFinite(rate)) {
        continue;
      }
      delivery.row(
          decimal(rate, 0),
          count(results.medianOnFirst(SCENARIO, step, "offered", HERALD, NCHAN)),
          count(results.median(SCENARIO, HERALD, step, "achieved")),
          latency(results, HERALD, step),
          count(results.median(SCENARIO, HERALD, step, "missing")),
          percent(results.median(SCENARIO, HERALD, step, "serverCpuPct")),
          count(results.median(SCENARIO, NCHAN, step, "achieved")),
          latency(results, NCHAN, step),
          count(results.median(SCENARIO, NCHAN, step, "missing")),
          percent(results.median(SCENARIO, NCHAN, step, "serverCpuPct")));
    }
    report.text(delivery.toString()).text("\n");
  }

  /** The memory stages: steps without a publish rate, in order. */
  static List<Integer> memorySteps(ResultSet results) {
    List<Integer> steps = new ArrayList<>();
    for (int step : results.steps(SCENARIO, HERALD, NCHAN)) {
      if (!Double.isFinite(rateAt(results, HERALD, step))
          && !Double.isFinite(rateAt(results, NCHAN, step))) {
        steps.add(step);
      }
    }
    return steps;
  }

  /** A field of the last memory stage (the most streams), median over runs. */
  static double atTopStage(ResultSet results, String target, String field) {
    List<Integer> steps = memorySteps(results);
    return steps.isEmpty()
        ? Double.NaN
        : results.median(SCENARIO, target, steps.get(steps.size() - 1), field);
  }

  /** HTTP/2 streams against HTTP/1.1 idle connections, when both were measured. */
  private static String comparison(ResultSet results) {
    double connections = atTopStage(results, HERALD, "connections");
    String text =
        "The first stage's growth over no connections is mostly the connections' own: Herald RSS "
            + kib(firstStage(results, HERALD, "rssPerSocketBytes"))
            + ", heap "
            + kib(firstStage(results, HERALD, "heapPerSocketBytes"))
            + ", nchan RSS "
            + kib(firstStage(results, NCHAN, "rssPerSocketBytes"))
            + " per connection ("
            + count(connections)
            + " TLS connections).";
    List<Integer> idle = results.steps("idle", HERALD, NCHAN);
    if (idle.isEmpty()) {
      return text;
    }
    int top = idle.get(idle.size() - 1);
    return text
        + " Over HTTP/1.1 (idle capacity, "
        + count(top)
        + " connections) one more idle subscriber costs Herald RSS "
        + kib(results.median("idle", HERALD, top, "rssMarginalPerConnBytes"))
        + " and heap "
        + kib(results.median("idle", HERALD, top, "heapMarginalPerConnBytes"))
        + ", nchan RSS "
        + kib(results.median("idle", NCHAN, top, "rssMarginalPerConnBytes"))
        + "; one more HTTP/2 stream costs Herald RSS "
        + kib(atTopStage(results, HERALD, "rssMarginalPerStreamBytes"))
        + " and heap "
        + kib(atTopStage(results, HERALD, "heapMarginalPerStreamBytes"))
        + ", nchan RSS "
        + kib(atTopStage(results, NCHAN, "rssMarginalPerStreamBytes"))
        + ".";
  }

  private static double firstStage(ResultSet results, String target, String field) {
    List<Integer> steps = memorySteps(results);
    return steps.isEmpty() ? Double.NaN : results.median(SCENARIO, target, steps.get(0), field);
  }

  private static double rateAt(ResultSet results, String target, int step) {
    return results.median(SCENARIO, target, step, "publishRate");
  }

  private static String percent(double value) {
    return Double.isFinite(value) ? decimal(value, 0) + " %" : "–";
  }

  private static String latency(ResultSet results, String target, int step) {
    double p50 = results.median(SCENARIO, target, step, "p50Ms");
    if (!Double.isFinite(p50)) {
      return "–";
    }
    return decimal(p50, 1)
        + " / "
        + decimal(results.median(SCENARIO, target, step, "p99Ms"), 1)
        + " ms";
  }
}
