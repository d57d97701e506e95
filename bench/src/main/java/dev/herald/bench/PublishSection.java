package dev.herald.bench;

import static dev.herald.bench.MarkdownTable.count;
import static dev.herald.bench.MarkdownTable.decimal;
import static dev.herald.bench.Report.HERALD;
import static dev.herald.bench.Report.NCHAN;

/**
 * The publish scenarios: what one request costs each server, closed loop and without subscribers,
 * with one event per request (Herald's JSON and bearer token, nchan's text) and Herald's batches.
 */
final class PublishSection {
  private PublishSection() {}

  static void write(Report report) {
    ResultSet results = report.results;
    if (!results.has("publish", HERALD) && !results.has("batch", HERALD)) {
      return;
    }
    report.text(
        """
        ## Publishing: the cost of a request

        Closed loop over many topics with no subscriber (see the `publish` and `batch` \
        [scenarios](../bench/README.md#scenarios)). *CPU per request* is the server's share of its \
        core divided by the requests it answered.

        """);
    MarkdownTable t =
        new MarkdownTable(
            "server",
            "events per request",
            "requests/s",
            "events/s",
            "server CPU",
            "CPU per request",
            "answer p50",
            "answer p99");
    row(t, results, "publish", HERALD, "Herald");
    row(t, results, "publish", NCHAN, "nchan");
    row(t, results, "batch", HERALD, "Herald, batches");
    report.text(t.toString()).text("\n");
  }

  private static void row(
      MarkdownTable t, ResultSet results, String scenario, String target, String name) {
    if (!results.has(scenario, target)) {
      return;
    }
    t.row(
        name,
        count(results.median(scenario, target, 1, "batch")),
        count(results.median(scenario, target, 1, "requestsPerSecond")),
        count(results.median(scenario, target, 1, "eventsPerSecond")),
        decimal(results.median(scenario, target, 1, "serverCpuPct"), 0) + " %",
        decimal(results.median(scenario, target, 1, "cpuMicrosPerRequest"), 1) + " µs",
        decimal(results.median(scenario, target, 1, "answerP50Ms"), 2) + " ms",
        decimal(results.median(scenario, target, 1, "answerP99Ms"), 2) + " ms");
  }
}
