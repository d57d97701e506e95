package dev.herald.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One measured point (a step of a scenario in one run) as ordered name/value pairs. Stored one per
 * line as tab-separated {@code name=value}, a format that needs no library to write or read back.
 */
final class ResultRecord {
  private static final List<String> SUMMARY_FIELDS =
      List.of(
          "step",
          "connected",
          "offered",
          "achieved",
          "p50Ms",
          "p99Ms",
          "missing",
          "serverCpuPct",
          "generatorCpuPct",
          "saturated",
          "rssPerConnBytes",
          "heapPerConnBytes",
          "rssMarginalPerConnBytes",
          "heapMarginalPerConnBytes",
          "succeeded",
          "errors",
          "missingTotal",
          "returnedToBaseline",
          "secondsToBaseline",
          "countedSecondsToBaseline",
          "resumedExactly",
          "caughtUpSeconds",
          "liveSeconds");

  private final Map<String, String> values = new LinkedHashMap<>();

  ResultRecord put(String name, Object value) {
    String text;
    if (value instanceof Double d) {
      text = d.isNaN() || d.isInfinite() ? "" : String.format(Locale.ROOT, "%.3f", d);
    } else {
      text = String.valueOf(value);
    }
    if (text.contains("\t") || text.contains("\n") || text.contains("=")) {
      text = text.replaceAll("[\t\n=]", " ");
    }
    values.put(name, text);
    return this;
  }

  String get(String name) {
    return values.get(name);
  }

  /** The value as a number, or NaN when absent or empty. */
  double number(String name) {
    String v = values.get(name);
    if (v == null || v.isEmpty()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  Map<String, String> values() {
    return values;
  }

  /** The few fields a person watching the run wants, as {@code name=value} separated by spaces. */
  String summary() {
    StringBuilder line = new StringBuilder();
    for (String name : SUMMARY_FIELDS) {
      String v = values.get(name);
      if (v != null && !v.isEmpty()) {
        line.append(line.length() > 0 ? " " : "").append(name).append('=').append(v);
      }
    }
    return line.toString();
  }

  String toLine() {
    StringBuilder line = new StringBuilder();
    values.forEach(
        (k, v) -> {
          if (line.length() > 0) {
            line.append('\t');
          }
          line.append(k).append('=').append(v);
        });
    return line.toString();
  }

  static ResultRecord parse(String line) {
    ResultRecord r = new ResultRecord();
    for (String field : line.split("\t")) {
      int eq = field.indexOf('=');
      if (eq > 0) {
        r.values.put(field.substring(0, eq), field.substring(eq + 1));
      }
    }
    return r;
  }
}
