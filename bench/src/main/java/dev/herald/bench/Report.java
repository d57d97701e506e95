package dev.herald.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.DoubleFunction;

/**
 * What the sections of performance.md share while it is written: the results, the machine facts,
 * the Markdown so far and the folder the charts' data goes to.
 */
final class Report {
  static final String HERALD = "herald";
  static final String NCHAN = "nchan";
  static final String BLASTER = "blaster";

  final ResultSet results;
  final Map<String, String> machine;
  final StringBuilder md = new StringBuilder();
  private final Path imageDir;

  Report(ResultSet results, Map<String, String> machine, Path imageDir) {
    this.results = results;
    this.machine = machine;
    this.imageDir = imageDir;
  }

  Report text(String text) {
    md.append(text);
    return this;
  }

  /** Medians of several fields of one target at a step, in one cell: "a / b / c". */
  String medians(
      String scenario, String target, int step, DoubleFunction<String> format, String... fields) {
    StringJoiner cell = new StringJoiner(" / ");
    for (String field : fields) {
      cell.add(format.apply(results.median(scenario, target, step, field)));
    }
    return cell.toString();
  }

  /** One field at a step for Herald and for nchan, in one cell: "Herald / nchan". */
  String heraldAndNchan(String scenario, int step, String field, DoubleFunction<String> format) {
    return format.apply(results.median(scenario, HERALD, step, field))
        + " / "
        + format.apply(results.median(scenario, NCHAN, step, field));
  }

  /**
   * Writes a chart's data to img/NAME.dat; run.sh draws it with gnuplot (bench/plot/NAME.gp), as
   * the harness keeps no chart writer of its own.
   */
  void chartData(String name, String data) throws IOException {
    Files.writeString(imageDir.resolve(name + ".dat"), data, StandardCharsets.UTF_8);
  }

  /** One line of a gnuplot data file: the values separated by spaces, NaN where not measured. */
  static String dataLine(double... values) {
    StringJoiner line = new StringJoiner(" ", "", "\n");
    for (double v : values) {
      line.add(String.format(Locale.ROOT, "%.3f", v));
    }
    return line.toString();
  }

  /** A count as the section titles use it: 10000 → "10k", 100 → "100". */
  static String scale(double count) {
    if (!Double.isFinite(count)) {
      return "?";
    }
    return count >= 1000 && count % 1000 == 0
        ? String.format(Locale.ROOT, "%.0fk", count / 1000)
        : String.format(Locale.ROOT, "%,.0f", count);
  }
}
