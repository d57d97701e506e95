package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table built row by row, with the number formats the report uses. */
final class MarkdownTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  MarkdownTable(String... header) {
    this.header = List.of(header);
  }

  MarkdownTable row(String... cells) {
    rows.add(List.of(cells));
    return this;
  }

  @Override
  public String toString() {
    StringBuilder md = new StringBuilder();
    md.append("| ").append(String.join(" | ", header)).append(" |\n");
    md.append("|").append("---|".repeat(header.size())).append('\n');
    for (List<String> row : rows) {
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return md.toString();
  }

  /** A count or rate with thousands separators; "–" when not measured. */
  static String count(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f", v) : "–";
  }

  static String decimal(double v, int places) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + places + "f", v) : "–";
  }

  static String kib(double bytes) {
    return Double.isFinite(bytes) ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024) : "–";
  }

  static String mib(double bytes) {
    return Double.isFinite(bytes)
        ? String.format(Locale.ROOT, "%.0f MiB", bytes / (1024 * 1024))
        : "–";
  }

  /** Herald divided by nchan, e.g. "1.25×". */
  static String ratio(double herald, double nchan) {
    return Double.isFinite(herald) && Double.isFinite(nchan) && nchan != 0
        ? String.format(Locale.ROOT, "%.2f×", herald / nchan)
        : "–";
  }
}
