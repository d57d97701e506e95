package dev.herald.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The records of a whole benchmark, grouped for reporting. Every figure reported is the median over
 * the runs of the same point (scenario, target, step), as the machine is shared and single runs are
 * noisy.
 */
final class ResultSet {
  private final List<ResultRecord> records;

  ResultSet(List<ResultRecord> records) {
    this.records = records;
  }

  /** Whether any of the targets has results for the scenario. */
  boolean has(String scenario, String... targets) {
    for (String target : targets) {
      if (!stepRecords(scenario, target).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Step numbers measured for the scenario on any of the targets, in order. */
  List<Integer> steps(String scenario, String... targets) {
    TreeSet<Integer> steps = new TreeSet<>();
    for (String target : targets) {
      for (ResultRecord r : stepRecords(scenario, target)) {
        steps.add((int) r.number("step"));
      }
    }
    return new ArrayList<>(steps);
  }

  /** Median over runs of a field at one step; NaN when that step was not reached. */
  double median(String scenario, String target, int step, String field) {
    return median(atStep(scenario, target, step).stream().map(r -> r.number(field)).toList());
  }

  /**
   * Median of a field at one step on the first of the targets that reached it: a step's own figure,
   * such as its offered rate, that every target was given alike.
   */
  double medianOnFirst(String scenario, int step, String field, String... targets) {
    for (String target : targets) {
      double v = median(scenario, target, step, field);
      if (Double.isFinite(v)) {
        return v;
      }
    }
    return Double.NaN;
  }

  /** How many runs reached this step. */
  int runs(String scenario, String target, int step) {
    return atStep(scenario, target, step).size();
  }

  /** Runs of a scenario on a target. */
  int runs(String scenario, String target) {
    return (int) stepRecords(scenario, target).stream().map(r -> r.get("run")).distinct().count();
  }

  /** For each run the highest value of the field over its steps; the median over runs. */
  double medianOfRunMaxima(String scenario, String target, String field) {
    Map<String, Double> maxima = new TreeMap<>();
    for (ResultRecord r : stepRecords(scenario, target)) {
      double v = r.number(field);
      if (Double.isFinite(v)) {
        maxima.merge(r.get("run"), v, Math::max);
      }
    }
    return median(new ArrayList<>(maxima.values()));
  }

  /** The step of one run where the field was highest (for the run whose maximum is the median). */
  ResultRecord stepOfMedianMaximum(String scenario, String target, String field) {
    Map<String, ResultRecord> best = new TreeMap<>();
    for (ResultRecord r : stepRecords(scenario, target)) {
      ResultRecord current = best.get(r.get("run"));
      if (Double.isFinite(r.number(field))
          && (current == null || r.number(field) > current.number(field))) {
        best.put(r.get("run"), r);
      }
    }
    List<ResultRecord> sorted = new ArrayList<>(best.values());
    sorted.sort((a, b) -> Double.compare(a.number(field), b.number(field)));
    return sorted.isEmpty() ? null : sorted.get((sorted.size() - 1) / 2);
  }

  /** Median over runs of a field of the scenario's closing ("end") record. */
  double medianEnd(String scenario, String target, String field) {
    return median(endRecords(scenario, target).stream().map(r -> r.number(field)).toList());
  }

  /**
   * Like {@link #medianEnd}, but a run without the value counts as larger than any (a count that
   * never went back to baseline); NaN when that is the median.
   */
  double medianEndCountingMissing(String scenario, String target, String field) {
    List<Double> values = new ArrayList<>();
    for (ResultRecord r : endRecords(scenario, target)) {
      double v = r.number(field);
      values.add(Double.isFinite(v) ? v : Double.POSITIVE_INFINITY);
    }
    double median = middle(values);
    return Double.isFinite(median) ? median : Double.NaN;
  }

  /** Smallest value over runs at one step (for "all connected in every run"). */
  double min(String scenario, String target, int step, String field) {
    return atStep(scenario, target, step).stream()
        .mapToDouble(r -> r.number(field))
        .filter(Double::isFinite)
        .min()
        .orElse(Double.NaN);
  }

  /** The step whose median of {@code field} is closest to {@code value}, or -1. */
  int stepNearest(String scenario, String target, String field, double value) {
    int best = -1;
    double distance = Double.MAX_VALUE;
    for (int step : steps(scenario, target)) {
      double d = Math.abs(median(scenario, target, step, field) - value);
      if (d < distance) {
        distance = d;
        best = step;
      }
    }
    return best;
  }

  /**
   * Median of a field over every step record of the scenario on any target: the scale the scenario
   * ran at, e.g. its {@code subscribers}.
   */
  double scale(String scenario, String field) {
    List<Double> values = new ArrayList<>();
    for (ResultRecord r : records) {
      if (scenario.equals(r.get("scenario")) && !"end".equals(r.get("step"))) {
        values.add(r.number(field));
      }
    }
    return median(values);
  }

  /** How many runs of the scenario on the target had a step marked saturated. */
  int saturatedRuns(String scenario, String target) {
    return (int)
        stepRecords(scenario, target).stream()
            .filter(r -> "true".equals(r.get("saturated")))
            .map(r -> r.get("run"))
            .distinct()
            .count();
  }

  private List<ResultRecord> stepRecords(String scenario, String target) {
    List<ResultRecord> list = new ArrayList<>();
    for (ResultRecord r : records) {
      if (matches(r, scenario, target) && !"end".equals(r.get("step"))) {
        list.add(r);
      }
    }
    return list;
  }

  private List<ResultRecord> atStep(String scenario, String target, int step) {
    return stepRecords(scenario, target).stream()
        .filter(r -> (int) r.number("step") == step)
        .toList();
  }

  /** The closing ("end") records of a scenario's runs on a target. */
  private List<ResultRecord> endRecords(String scenario, String target) {
    return records.stream()
        .filter(r -> matches(r, scenario, target) && "end".equals(r.get("step")))
        .toList();
  }

  private static boolean matches(ResultRecord r, String scenario, String target) {
    return scenario.equals(r.get("scenario")) && target.equals(r.get("target"));
  }

  static double median(List<Double> values) {
    List<Double> finite = new ArrayList<>();
    for (Double v : values) {
      if (v != null && Double.isFinite(v)) {
        finite.add(v);
      }
    }
    return middle(finite);
  }

  /** The middle value (the mean of the two middle ones for an even count); NaN when empty. */
  private static double middle(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(values);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }
}
