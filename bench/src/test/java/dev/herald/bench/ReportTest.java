package dev.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @Test
  void medianOfRunsAndRecordRoundTrip() {
    ResultRecord r = new ResultRecord().put("a", 1.5).put("b", "x=y\tz");
    ResultRecord back = ResultRecord.parse(r.toLine());
    assertEquals(1.5, back.number("a"));
    assertEquals("x y z", back.get("b"));
    assertEquals(2.0, ResultSet.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, ResultSet.median(List.of(4.0, 1.0, 2.0, 3.0, Double.NaN)));
  }

  @Test
  void writesMarkdownAndCharts(@TempDir Path dir) throws Exception {
    List<ResultRecord> records = new ArrayList<>();
    for (int run = 1; run <= 3; run++) {
      for (String target : List.of("herald", "nchan")) {
        for (int step = 1; step <= 3; step++) {
          records.add(
              new ResultRecord()
                  .put("scenario", "fanout")
                  .put("target", target)
                  .put("run", run)
                  .put("step", step)
                  .put("offered", 50_000.0 * step)
                  .put("achieved", 48_000.0 * step + run)
                  .put("p50Ms", 1.0 * step)
                  .put("p99Ms", 4.0 * step));
        }
        records.add(
            new ResultRecord()
                .put("scenario", "latency")
                .put("target", target)
                .put("run", run)
                .put("step", 1)
                .put("p50Ms", 2.0));
      }
    }
    Path machine = Files.writeString(dir.resolve("machine.txt"), "cpus=2\nrepeats=3\n");
    Path commands = Files.writeString(dir.resolve("commands.txt"), "bench/run.sh\n");
    Path out = dir.resolve("docs/performance.md");
    Files.createDirectories(out.getParent());
    new PerformanceReport(records, machine, commands, "").write(out);
    String md = Files.readString(out);
    assertTrue(
        md.contains("| p50 < 5 ms with 100 subscribers | 2.00 ms | 2.00 ms | 1.00× | **met** |"));
    assertTrue(md.contains("![Fan-out"), md);
    String svg = Files.readString(out.getParent().resolve("img/fanout-throughput.svg"));
    assertTrue(svg.startsWith("<svg") && svg.trim().endsWith("</svg>"));
  }
}
