package dev.herald.bench;

/**
 * CPU use of the server and of this generator over a time window, in percent of one core. Shows
 * which side was the limit: a server at ~100 % with the generator below it is the bottleneck.
 */
final class CpuWindow {
  private final RunContext context;
  private final long startNanos;
  private final double serverStart;
  private final double ownStart;

  CpuWindow(RunContext context) {
    this.context = context;
    this.startNanos = System.nanoTime();
    this.serverStart = context.serverCpuSeconds();
    this.ownStart = ProcessProbe.ownCpuSeconds();
  }

  /** Adds serverCpuPct and generatorCpuPct for the time since this window opened. */
  void addTo(ResultRecord record) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double server = context.serverCpuSeconds() - serverStart;
    double own = ProcessProbe.ownCpuSeconds() - ownStart;
    record.put(
        "serverCpuPct", context.serverPids().isEmpty() ? Double.NaN : 100 * server / seconds);
    record.put("generatorCpuPct", 100 * own / seconds);
  }
}
