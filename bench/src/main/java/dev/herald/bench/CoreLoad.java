package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How busy each core of the machine was over a window, from {@code /proc/stat}, and how much of
 * that was neither the servers nor this generator. On a shared machine that remainder is the noise
 * in the figures: a run with other work on the servers' core is not a quiet run. Optionally also
 * the share of one of the servers' processes (Redis, whose CPU the servers' total hides).
 */
final class CoreLoad {
  private static final double TICKS_PER_SECOND = 100.0;
  private static final int CORES = 2;

  private final long redisPid;
  private final double redisStart;
  private final long startNanos = System.nanoTime();
  private final double[] start = busySeconds();

  /**
   * @param redisPid Redis's process, for redisCpuPct, or 0 for none
   */
  CoreLoad(long redisPid) {
    this.redisPid = redisPid;
    this.redisStart = redisPid > 0 ? ProcessProbe.cpuSeconds(List.of(redisPid)) : 0;
  }

  /**
   * Adds core0BusyPct, core1BusyPct and othersCpuPct (both cores' busy time less serverCpuPct and
   * generatorCpuPct, which the record must already hold), in percent of one core.
   */
  void addTo(ResultRecord record) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double[] end = busySeconds();
    double total = 0;
    for (int c = 0; c < CORES; c++) {
      double pct = 100 * (end[c] - start[c]) / seconds;
      record.put("core" + c + "BusyPct", pct);
      total += pct;
    }
    double server = record.number("serverCpuPct");
    double generator = record.number("generatorCpuPct");
    if (redisPid > 0) {
      record.put(
          "redisCpuPct", 100 * (ProcessProbe.cpuSeconds(List.of(redisPid)) - redisStart) / seconds);
    }
    record.put(
        "othersCpuPct",
        Double.isFinite(server) ? Math.max(0, total - server - generator) : Double.NaN);
  }

  /** Busy seconds so far of cpu0 and cpu1 (everything but idle and iowait). */
  private static double[] busySeconds() {
    double[] busy = new double[CORES];
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        for (int c = 0; c < CORES; c++) {
          if (line.startsWith("cpu" + c + " ")) {
            String[] f = line.trim().split("\\s+");
            long sum = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
              if (i != 4 && i != 5) { // idle, iowait
                sum += Long.parseLong(f[i]);
              }
            }
            busy[c] = sum / TICKS_PER_SECOND;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc/stat: the figures stay 0, and the noise unknown.
    }
    return busy;
  }
}
