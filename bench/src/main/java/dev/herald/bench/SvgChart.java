package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Minimal SVG line and bar charts, written by hand so the harness needs no charting library. Axis
 * ticks are "nice" numbers (1, 2, 5 times a power of ten); a log scale is available for latencies.
 */
final class SvgChart {
  /** One named series; for bar charts {@code x} is unused and {@code y} is one value per group. */
  record Series(String name, double[] x, double[] y) {}

  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#7f7f7f", "#9467bd"};
  private static final int WIDTH = 720;
  private static final int HEIGHT = 400;
  private static final int LEFT = 80;
  private static final int RIGHT = 170;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;

  private SvgChart() {}

  static String line(
      String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
    double xMax = 0;
    double yMin = Double.MAX_VALUE;
    double yMax = 0;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isFinite(s.y()[i]) && Double.isFinite(s.x()[i])) {
          xMax = Math.max(xMax, s.x()[i]);
          yMax = Math.max(yMax, s.y()[i]);
          if (s.y()[i] > 0) {
            yMin = Math.min(yMin, s.y()[i]);
          }
        }
      }
    }
    Axis xAxis = Axis.linear(0, xMax);
    Axis yAxis = logY ? Axis.log(yMin, yMax) : Axis.linear(0, yMax);
    StringBuilder svg = open(title, xLabel, yLabel);
    frame(svg, xAxis, yAxis);
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      String color = COLORS[k % COLORS.length];
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < s.x().length; i++) {
        double y = s.y()[i];
        if (!Double.isFinite(y) || !Double.isFinite(s.x()[i]) || (logY && y <= 0)) {
          continue;
        }
        double px = xAxis.pixelX(s.x()[i]);
        double py = yAxis.pixelY(y);
        points.append(fmt(px)).append(',').append(fmt(py)).append(' ');
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>%n",
                fmt(px),
                fmt(py),
                color));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
              color,
              points.toString().trim()));
      legend(svg, k, s.name(), color);
    }
    return svg.append("</svg>\n").toString();
  }

  static String bars(String title, String yLabel, List<String> groups, List<Series> series) {
    double yMax = 0;
    for (Series s : series) {
      for (double v : s.y()) {
        if (Double.isFinite(v)) {
          yMax = Math.max(yMax, v);
        }
      }
    }
    Axis yAxis = Axis.linear(0, yMax);
    StringBuilder svg = open(title, "", yLabel);
    frame(svg, null, yAxis);
    double plotWidth = WIDTH - LEFT - RIGHT;
    double groupWidth = plotWidth / Math.max(1, groups.size());
    double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
    for (int g = 0; g < groups.size(); g++) {
      double groupX = LEFT + g * groupWidth;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
              fmt(groupX + groupWidth / 2),
              HEIGHT - BOTTOM + 18,
              escape(groups.get(g))));
      for (int k = 0; k < series.size(); k++) {
        double v = g < series.get(k).y().length ? series.get(k).y()[g] : Double.NaN;
        if (!Double.isFinite(v)) {
          continue;
        }
        double x = groupX + groupWidth * 0.1 + k * barWidth;
        double y = yAxis.pixelY(v);
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"/>%n",
                fmt(x),
                fmt(y),
                fmt(barWidth * 0.95),
                fmt(HEIGHT - BOTTOM - y),
                COLORS[k % COLORS.length]));
      }
    }
    for (int k = 0; k < series.size(); k++) {
      legend(svg, k, series.get(k).name(), COLORS[k % COLORS.length]);
    }
    return svg.append("</svg>\n").toString();
  }

  private static StringBuilder open(String title, String xLabel, String yLabel) {
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
            LEFT,
            escape(title)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
            LEFT + (WIDTH - LEFT - RIGHT) / 2,
            HEIGHT - 15,
            escape(xLabel)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text transform=\"translate(18,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
            TOP + (HEIGHT - TOP - BOTTOM) / 2,
            escape(yLabel)));
    return svg;
  }

  private static void frame(StringBuilder svg, Axis xAxis, Axis yAxis) {
    int right = WIDTH - RIGHT;
    int bottom = HEIGHT - BOTTOM;
    for (double t : yAxis.ticks()) {
      double y = yAxis.pixelY(t);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#ddd\"/>%n"
                  + "<text x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>%n",
              LEFT,
              fmt(y),
              right,
              fmt(y),
              LEFT - 6,
              fmt(y + 4),
              label(t)));
    }
    if (xAxis != null) {
      for (double t : xAxis.ticks()) {
        double x = xAxis.pixelX(t);
        svg.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"#ddd\"/>%n"
                    + "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                fmt(x),
                TOP,
                fmt(x),
                bottom,
                fmt(x),
                bottom + 18,
                label(t)));
      }
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<polyline fill=\"none\" stroke=\"black\" points=\"%d,%d %d,%d %d,%d\"/>%n",
            LEFT,
            TOP,
            LEFT,
            bottom,
            right,
            bottom));
  }

  private static void legend(StringBuilder svg, int index, String name, String color) {
    int x = WIDTH - RIGHT + 15;
    int y = TOP + 10 + index * 20;
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n",
            x,
            y - 10,
            color,
            x + 18,
            y,
            escape(name)));
  }

  /** A value axis mapped onto the plot area. */
  private record Axis(double min, double max, boolean log, List<Double> ticks) {
    static Axis linear(double min, double max) {
      double top = max <= min ? min + 1 : max;
      double step = niceStep((top - min) / 5);
      List<Double> ticks = new ArrayList<>();
      double end = Math.ceil(top / step) * step;
      for (double t = min; t <= end + step / 2; t += step) {
        ticks.add(t);
      }
      return new Axis(min, end, false, ticks);
    }

    static Axis log(double min, double max) {
      if (!(min > 0) || min == Double.MAX_VALUE) {
        min = 0.1;
      }
      double low = Math.pow(10, Math.floor(Math.log10(min)));
      double high = Math.pow(10, Math.ceil(Math.log10(Math.max(max, low * 10))));
      List<Double> ticks = new ArrayList<>();
      for (double t = low; t <= high * 1.001; t *= 10) {
        ticks.add(t);
      }
      return new Axis(low, high, true, ticks);
    }

    double fraction(double v) {
      return log
          ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
          : (v - min) / (max - min);
    }

    double pixelX(double v) {
      return LEFT + fraction(v) * (WIDTH - LEFT - RIGHT);
    }

    double pixelY(double v) {
      return HEIGHT - BOTTOM - fraction(v) * (HEIGHT - TOP - BOTTOM);
    }

    private static double niceStep(double raw) {
      double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double f = raw / magnitude;
      double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
      return nice * magnitude;
    }
  }

  static String label(double v) {
    double a = Math.abs(v);
    if (a >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (a >= 1e3) {
      return trim(v / 1e3) + "k";
    }
    return trim(v);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
