package dev.herald.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backplane benchmark (bench/backplane.sh), apart from {@link Main} as it measures two Herald
 * instances at once and has no nchan counterpart. Commands:
 *
 * <ul>
 *   <li>{@code latency} - publish to {@code --publish-port}, subscribe on {@code --port};
 *   <li>{@code throughput} - accepted publishes per second, single events or batches;
 *   <li>{@code redis-hop} - Redis alone: XADD on one connection to XREAD BLOCK on another;
 *   <li>{@code summary} - the medians over runs of a results file, as a Markdown table.
 * </ul>
 */
public final class BackplaneMain {
  private BackplaneMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(
          "usage: BackplaneMain latency|throughput|redis-hop|summary --name value...");
      System.exit(2);
    }
    Options o = new Options(args, 1);
    switch (args[0]) {
      case "latency" -> {
        BackplaneLatencyScenario s =
            new BackplaneLatencyScenario(RunContext.from(o, "backplane-latency"), o);
        o.rejectUnknown();
        s.run();
      }
      case "throughput" -> {
        PublishThroughputScenario s =
            new PublishThroughputScenario(RunContext.from(o, "backplane-throughput"), o);
        o.rejectUnknown();
        s.run();
      }
      case "redis-hop" -> {
        RedisHopProbe s = new RedisHopProbe(RunContext.from(o, "backplane-redis-hop"), o);
        o.rejectUnknown();
        s.run();
      }
      case "summary" -> {
        Path results = Path.of(o.required("results"));
        o.rejectUnknown();
        System.out.print(summary(ResultLog.readAll(results)));
      }
      default -> {
        System.err.println("unknown command " + args[0]);
        System.exit(2);
      }
    }
    System.exit(0);
  }

  /**
   * One row per label, in the order first measured: medians over the runs, with their range where
   * the runs differ; counts of failures and missing events summed, so no bad run hides.
   */
  static String summary(List<ResultRecord> records) {
    Map<String, List<ResultRecord>> byLabel = new LinkedHashMap<>();
    for (ResultRecord r : records) {
      byLabel
          .computeIfAbsent(r.get("scenario") + " " + r.get("label"), k -> new ArrayList<>())
          .add(r);
    }
    MarkdownTable latency =
        new MarkdownTable(
            "scenario",
            "runs",
            "p50 ms",
            "p99 ms",
            "p99.9 ms",
            "publish answer p50 ms",
            "missing",
            "servers CPU %",
            "Redis CPU %",
            "others CPU %");
    MarkdownTable throughput =
        new MarkdownTable(
            "scenario",
            "runs",
            "events/s",
            "requests/s",
            "answer p50 ms",
            "answer p99 ms",
            "failed",
            "servers CPU %",
            "Redis CPU %",
            "EVALSHA µs/call",
            "others CPU %");
    for (List<ResultRecord> runs : byLabel.values()) {
      String label = runs.get(0).get("label");
      String scenario = runs.get(0).get("scenario");
      if (!scenario.equals("backplane-throughput")) {
        String answer =
            scenario.equals("backplane-redis-hop") ? "appendP50Ms" : "publishAnswerP50Ms";
        latency.row(
            label,
            String.valueOf(runs.size()),
            spread(runs, "p50Ms", 2),
            spread(runs, "p99Ms", 2),
            spread(runs, "p999Ms", 1),
            MarkdownTable.decimal(median(runs, answer), 2),
            sum(runs, "missing"),
            MarkdownTable.decimal(median(runs, "serverCpuPct"), 0),
            MarkdownTable.decimal(median(runs, "redisCpuPct"), 0),
            MarkdownTable.decimal(median(runs, "othersCpuPct"), 0));
      } else {
        throughput.row(
            label,
            String.valueOf(runs.size()),
            spread(runs, "eventsPerSecond", 0),
            MarkdownTable.count(median(runs, "requestsPerSecond")),
            MarkdownTable.decimal(median(runs, "answerP50Ms"), 2),
            MarkdownTable.decimal(median(runs, "answerP99Ms"), 2),
            sum(runs, "failed"),
            MarkdownTable.decimal(median(runs, "serverCpuPct"), 0),
            MarkdownTable.decimal(median(runs, "redisCpuPct"), 0),
            MarkdownTable.decimal(median(runs, "redisEvalshaUsPerCall"), 0),
            MarkdownTable.decimal(median(runs, "othersCpuPct"), 0));
      }
    }
    return "Latency (median over runs, [min-max]):\n\n"
        + latency
        + "\nThroughput (median over runs, [min-max]):\n\n"
        + throughput;
  }

  private static String spread(List<ResultRecord> runs, String field, int places) {
    List<Double> values = values(runs, field);
    if (values.isEmpty()) {
      return "–";
    }
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    String m =
        places == 0
            ? MarkdownTable.count(ResultSet.median(values))
            : MarkdownTable.decimal(ResultSet.median(values), places);
    if (min == max) {
      return m;
    }
    return places == 0
        ? m + " [" + MarkdownTable.count(min) + "–" + MarkdownTable.count(max) + "]"
        : m
            + " ["
            + MarkdownTable.decimal(min, places)
            + "–"
            + MarkdownTable.decimal(max, places)
            + "]";
  }

  private static double median(List<ResultRecord> runs, String field) {
    return ResultSet.median(values(runs, field));
  }

  private static String sum(List<ResultRecord> runs, String field) {
    return MarkdownTable.count(values(runs, field).stream().mapToDouble(Double::doubleValue).sum());
  }

  private static List<Double> values(List<ResultRecord> runs, String field) {
    List<Double> values = new ArrayList<>();
    for (ResultRecord r : runs) {
      double v = r.number(field);
      if (Double.isFinite(v)) {
        values.add(v);
      }
    }
    return values;
  }
}
