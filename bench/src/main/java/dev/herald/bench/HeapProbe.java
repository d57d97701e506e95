package dev.herald.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap in use in another JVM right after a full GC, through {@code jcmd}: {@code GC.run} then
 * {@code GC.heap_info}, summing the "used" of every generation (Serial, Parallel and G1 print it
 * alike). Metaspace is not heap and is left out.
 */
final class HeapProbe {
  private static final Pattern GENERATION =
      Pattern.compile("^\\s*\\S.*?total \\d+K, used (\\d+)K", Pattern.MULTILINE);

  private HeapProbe() {}

  /** Heap bytes in use after a forced full GC, or -1 if jcmd could not tell. */
  static long usedAfterGc(long pid) {
    try {
      jcmd(pid, "GC.run");
      return parseUsedBytes(jcmd(pid, "GC.heap_info"));
    } catch (IOException | RuntimeException e) {
      System.out.println("  heap probe failed: " + e);
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static long parseUsedBytes(String heapInfo) {
    Matcher m = GENERATION.matcher(heapInfo);
    long kilobytes = 0;
    boolean found = false;
    while (m.find()) {
      kilobytes += Long.parseLong(m.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("no heap figures in: " + heapInfo);
    }
    return kilobytes * 1024;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(
          "jcmd " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
