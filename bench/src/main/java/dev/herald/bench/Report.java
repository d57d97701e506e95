package dev.herald.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the sections of performance.md share while it is written: the results, the machine facts,
 * the Markdown so far and the folder the charts go to.
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

  /** Writes the chart to img/ and links it from the Markdown. */
  void chart(String file, String alt, String svg) throws IOException {
    Files.writeString(imageDir.resolve(file), svg, StandardCharsets.UTF_8);
    md.append("![").append(alt).append("](img/").append(file).append(")\n\n");
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

  static SvgChart.Series series(String name, List<double[]> points) {
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      x[i] = points.get(i)[0];
      y[i] = points.get(i)[1];
    }
    return new SvgChart.Series(name, x, y);
  }

  static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static double firstFinite(double a, double b) {
    return Double.isFinite(a) ? a : b;
  }
}
