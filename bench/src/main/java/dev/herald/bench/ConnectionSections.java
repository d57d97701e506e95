package dev.herald.bench;

import static dev.herald.bench.MarkdownTable.count;
import static dev.herald.bench.MarkdownTable.decimal;
import static dev.herald.bench.MarkdownTable.mib;
import static dev.herald.bench.MarkdownTable.ratio;
import static dev.herald.bench.Report.HERALD;
import static dev.herald.bench.Report.NCHAN;

import java.util.List;

/** The sections about connections themselves: idle capacity and connect/disconnect churn. */
final class ConnectionSections {
  private final Report report;
  private final ResultSet results;

  private ConnectionSections(Report report) {
    this.report = report;
    this.results = report.results;
  }

  static void write(Report report) {
    ConnectionSections s = new ConnectionSections(report);
    s.idle();
    s.churn();
  }

  private void idle() {
    if (!results.has("idle", HERALD, NCHAN)) {
      return;
    }
    report.text("## Idle capacity\n\n");
    report.text(
        "Subscribers opened in stages on one topic and left idle, the server's memory measured"
            + " at each stage after a settle time. Per-connection figures are given two ways: growth *from zero* (over the same server with no"
            + " connections, which includes one-off costs of a freshly started server) and"
            + " *marginal* growth since the first stage (what one more subscriber costs)."
            + " *Connected* is the fewest streams open in any run.\n\n");
    MarkdownTable t =
        new MarkdownTable(
            "subscribers",
            "Herald connected",
            "Herald RSS",
            "Herald RSS/conn from zero / marginal",
            "Herald heap after GC",
            "Herald heap/conn from zero / marginal",
            "nchan connected",
            "nchan RSS",
            "nchan RSS/conn from zero / marginal",
            "marginal RSS/conn Herald/nchan");
    for (int step : results.steps("idle", HERALD, NCHAN)) {
      double hRss = results.median("idle", HERALD, step, "rssMarginalPerConnBytes");
      double nRss = results.median("idle", NCHAN, step, "rssMarginalPerConnBytes");
      t.row(
          count(step),
          count(results.min("idle", HERALD, step, "connected")),
          mib(results.median("idle", HERALD, step, "rssBytes")),
          perConnection(HERALD, step, "rss"),
          mib(results.median("idle", HERALD, step, "heapBytes")),
          perConnection(HERALD, step, "heap"),
          count(results.min("idle", NCHAN, step, "connected")),
          mib(results.median("idle", NCHAN, step, "rssBytes")),
          perConnection(NCHAN, step, "rss"),
          ratio(hRss, nRss));
    }
    report.text(t.toString()).text("\n");
  }

  /** "from zero / marginal" for {@code rss} or {@code heap}; the first stage has no marginal. */
  private String perConnection(String target, int step, String what) {
    return report.medians(
        "idle",
        target,
        step,
        MarkdownTable::kib,
        what + "PerConnBytes",
        what + "MarginalPerConnBytes");
  }

  private void churn() {
    if (!results.has("churn", HERALD, NCHAN)) {
      return;
    }
    report.text("## Connect/disconnect churn\n\n");
    report.text(
        "With "
            + count(results.scale("churn", "subscribers"))
            + " subscribers held open, short-lived subscriptions are opened at a fixed rate and"
            + " closed (FIN) as soon as the response head arrives. Afterwards two counts must"
            + " return to what they were before: the connections the server still holds on its"
            + " port (`/proc/net/tcp`, CLOSE_WAIT included) and the server's own count of"
            + " subscribers (Herald's readiness check, nchan's stub status).\n\n");
    MarkdownTable t =
        new MarkdownTable(
            "offered opens/s",
            "Herald opens/s",
            "nchan opens/s",
            "errors (H / n)",
            "Herald head p50 / p99 ms",
            "nchan head p50 / p99 ms",
            "Herald CPU %",
            "nchan CPU %");
    for (int step : results.steps("churn", HERALD, NCHAN)) {
      t.row(
          count(results.medianOnFirst("churn", step, "churnRate", HERALD, NCHAN)),
          count(results.median("churn", HERALD, step, "achievedPerSec")),
          count(results.median("churn", NCHAN, step, "achievedPerSec")),
          report.heraldAndNchan("churn", step, "errors", MarkdownTable::count),
          headLatency(HERALD, step),
          headLatency(NCHAN, step),
          decimal(results.median("churn", HERALD, step, "serverCpuPct"), 0),
          decimal(results.median("churn", NCHAN, step, "serverCpuPct"), 0));
    }
    report.text(t.toString()).text("\n");
    MarkdownTable settle =
        new MarkdownTable(
            "server",
            "sockets held before / after",
            "sockets back to baseline after",
            "server's count before / after",
            "server's count back to baseline after",
            "RSS before / after");
    for (String target : List.of(HERALD, NCHAN)) {
      if (!results.has("churn", target)) {
        continue;
      }
      settle.row(
          target,
          count(results.medianEnd("churn", target, "baselineSockets"))
              + " / "
              + count(results.medianEnd("churn", target, "afterSockets")),
          seconds(target, "secondsToBaseline"),
          count(results.medianEnd("churn", target, "baselineCounted"))
              + " / "
              + count(results.medianEnd("churn", target, "afterCounted")),
          seconds(target, "countedSecondsToBaseline"),
          mib(results.medianEnd("churn", target, "rssBeforeBytes"))
              + " / "
              + mib(results.medianEnd("churn", target, "rssAfterBytes")));
    }
    report.text(settle.toString()).text("\n");
  }

  private String headLatency(String target, int step) {
    return report.medians("churn", target, step, v -> decimal(v, 1), "headP50Ms", "headP99Ms");
  }

  /** Median seconds to baseline; a run that never got there makes the median "not within". */
  private String seconds(String target, String field) {
    double settleSeconds = results.medianEnd("churn", target, "settleSeconds");
    double seconds = results.medianEndCountingMissing("churn", target, field);
    return Double.isFinite(seconds)
        ? decimal(seconds, 1) + " s"
        : "not within " + decimal(settleSeconds, 0) + " s";
  }
}
