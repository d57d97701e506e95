package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads memory and CPU time of processes from {@code /proc}. */
final class ProcessProbe {
  /** USER_HZ: the unit of the CPU times in /proc/PID/stat; 100 on every Linux we run on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessProbe() {}

  /** Resident set size summed over the processes, in bytes (0 for a process that is gone). */
  static long rssBytes(List<Long> pids) {
    long total = 0;
    for (long pid : pids) {
      total += statusKilobytes(pid, "VmRSS:") * 1024;
    }
    return total;
  }

  /** CPU seconds (user + system, all threads) used so far by the processes together. */
  static double cpuSeconds(List<Long> pids) {
    double total = 0;
    for (long pid : pids) {
      total += cpuSeconds(Path.of("/proc/" + pid + "/stat"));
    }
    return total;
  }

  /** CPU seconds used so far by this JVM. */
  static double ownCpuSeconds() {
    return cpuSeconds(Path.of("/proc/self/stat"));
  }

  private static double cpuSeconds(Path stat) {
    try {
      String text = Files.readString(stat);
      // The command name in parentheses may contain spaces: count fields after the last ')'.
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      long utime = Long.parseLong(fields[11]);
      long stime = Long.parseLong(fields[12]);
      return (utime + stime) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long statusKilobytes(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // A process that ended has no memory.
    }
    return 0;
  }
}
