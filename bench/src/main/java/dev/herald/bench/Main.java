package dev.herald.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Herald's benchmark harness. One command per invocation:
 *
 * <ul>
 *   <li>{@code ramp} - subscribers on topics, then publishing at rising rates (fan-out, latency,
 *       many topics, calibration);
 *   <li>{@code idle} - idle connections in stages, with the server's memory per connection;
 *   <li>{@code churn} - connections opened and closed at a rate;
 *   <li>{@code storm} - every subscriber cut at once, then reconnecting with {@code Last-Event-ID};
 *   <li>{@code h2} - SSE streams multiplexed on HTTP/2 connections over TLS;
 *   <li>{@code blaster} - the trivial SSE sender used to calibrate the generator;
 *   <li>{@code report} - medians, tables and charts from a results file into performance.md;
 *   <li>{@code check} - the smoke test's verdict on a results file (exit 1 if the harness broke).
 * </ul>
 *
 * bench/run.sh runs them in order; every option is {@code --name value}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(
          "usage: herald-bench ramp|idle|publish|churn|storm|h2|blaster|report|check"
              + " --name value...");
      System.exit(2);
    }
    Options o = new Options(args, 1);
    int exit = 0;
    switch (args[0]) {
      case "ramp" -> {
        RampScenario s = new RampScenario(RunContext.from(o, "fanout"), o);
        o.rejectUnknown();
        s.run();
      }
      case "idle" -> {
        IdleScenario s = new IdleScenario(RunContext.from(o, "idle"), o);
        o.rejectUnknown();
        s.run();
      }
      case "publish" -> {
        PublishThroughputScenario s =
            new PublishThroughputScenario(RunContext.from(o, "publish"), o);
        o.rejectUnknown();
        s.run();
      }
      case "churn" -> {
        ChurnScenario s = new ChurnScenario(RunContext.from(o, "churn"), o);
        o.rejectUnknown();
        s.run();
      }
      case "storm" -> {
        StormScenario s = new StormScenario(RunContext.from(o, "storm"), o);
        o.rejectUnknown();
        s.run();
      }
      case "h2" -> {
        H2StreamsScenario s = new H2StreamsScenario(RunContext.from(o, "h2"), o);
        o.rejectUnknown();
        s.run();
      }
      case "blaster" -> {
        int port = o.integer("port", 18082);
        long maxSeconds = o.integer("max-seconds", 3600);
        o.rejectUnknown();
        new BlasterServer().serve(port, maxSeconds);
      }
      case "report" -> {
        PerformanceReport report =
            new PerformanceReport(
                ResultLog.readAll(Path.of(o.required("results"))),
                Path.of(o.required("machine")),
                Path.of(o.required("commands")),
                o.string("title-note", ""));
        Path out = Path.of(o.required("out"));
        o.rejectUnknown();
        report.write(out);
        System.out.println("wrote " + out);
      }
      case "check" -> {
        Path results = Path.of(o.required("results"));
        List<String> expected = o.strings("expect");
        o.rejectUnknown();
        exit = SmokeCheck.check(ResultLog.readAll(results), expected) ? 0 : 1;
      }
      default -> {
        System.err.println("unknown command " + args[0]);
        exit = 2;
      }
    }
    System.exit(exit);
  }
}
