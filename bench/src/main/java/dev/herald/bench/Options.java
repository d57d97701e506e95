package dev.herald.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line options of the form {@code --name value}. Every option read is remembered, so a
 * misspelt option is reported instead of silently falling back to its default.
 */
final class Options {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Set<String> read = new TreeSet<>();

  Options(String[] args, int from) {
    for (int i = from; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got: " + arg);
      }
      values.put(arg.substring(2), args[++i]);
    }
  }

  String string(String name, String fallback) {
    read.add(name);
    return values.getOrDefault(name, fallback);
  }

  String required(String name) {
    String value = string(name, null);
    if (value == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return value;
  }

  int integer(String name, int fallback) {
    return Integer.parseInt(string(name, Integer.toString(fallback)));
  }

  double decimal(String name, double fallback) {
    return Double.parseDouble(string(name, Double.toString(fallback)));
  }

  boolean flag(String name, boolean fallback) {
    return Boolean.parseBoolean(string(name, Boolean.toString(fallback)));
  }

  /** A comma-separated list of numbers, e.g. {@code --rates 5,10,20}. */
  List<Double> decimals(String name, String fallback) {
    List<Double> list = new ArrayList<>();
    String text = string(name, fallback);
    if (text != null && !text.isBlank()) {
      for (String part : text.split(",")) {
        list.add(Double.parseDouble(part.trim()));
      }
    }
    return list;
  }

  /** A comma-separated list of process ids; empty when the option is absent. */
  List<Long> pids(String name) {
    List<Long> list = new ArrayList<>();
    for (String part : strings(name)) {
      list.add(Long.parseLong(part));
    }
    return list;
  }

  /** A comma-separated list of words; empty when the option is absent. */
  List<String> strings(String name) {
    List<String> list = new ArrayList<>();
    String text = string(name, "");
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        list.add(part.trim());
      }
    }
    return list;
  }

  /** Fails on any option that no code asked for: call after all options have been read. */
  void rejectUnknown() {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(read);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown options: " + unknown);
    }
  }
}
