package dev.herald.config;

import dev.herald.api.TopicPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads settings by key, collecting every error so that one failed startup reports them all. */
final class SettingsReader {
  private final Function<String, Optional<String>> source;
  private final List<String> errors = new ArrayList<>();

  SettingsReader(Function<String, Optional<String>> source) {
    this.source = source;
  }

  private String raw(Setting s) {
    return source.apply(s.key()).map(String::trim).orElse(s.defaultValue());
  }

  void error(String message) {
    errors.add(message);
  }

  List<String> errors() {
    return errors;
  }

  Duration positiveDuration(Setting s) {
    Duration d = duration(s);
    if (d.isZero()) error(s.key() + "='" + raw(s) + "' must be longer than zero");
    return d;
  }

  /** A duration where zero is allowed (it means "off" or "at once", as the setting says). */
  Duration duration(Setting s) {
    String v = raw(s);
    try {
      Duration d = Durations.parse(v);
      if (d.isNegative()) error(s.key() + "='" + v + "' must not be negative");
      return d;
    } catch (IllegalArgumentException e) {
      error(s.key() + ": " + e.getMessage());
      return Durations.parse(s.defaultValue());
    }
  }

  int positiveInt(Setting s) {
    int n = nonNegativeInt(s);
    if (n == 0) error(s.key() + "='0' must be a whole number above zero");
    return n;
  }

  /** A whole number where zero means "no limit". */
  int nonNegativeInt(Setting s) {
    String v = raw(s);
    try {
      int n = Integer.parseInt(v);
      if (n < 0) error(s.key() + "='" + v + "' must not be negative");
      return n;
    } catch (NumberFormatException e) {
      error(s.key() + "='" + v + "' is not a whole number");
      return Integer.parseInt(s.defaultValue());
    }
  }

  /** The value as given, empty when unset. */
  String text(Setting s) {
    return raw(s);
  }

  /** Comma-separated values, trimmed, empty ones dropped. */
  List<String> list(Setting s) {
    List<String> out = new ArrayList<>();
    for (String part : raw(s).split(",")) if (!part.isBlank()) out.add(part.trim());
    return out;
  }

  /** One of the enum's constants, written in lower case. */
  boolean bool(Setting s) {
    String v = raw(s).trim();
    if (v.equalsIgnoreCase("true")) return true;
    if (!v.equalsIgnoreCase("false")) error(s.key() + "='" + v + "' must be true or false");
    return false;
  }

  <E extends Enum<E>> E choice(Setting s, Class<E> type) {
    String v = raw(s);
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v)) return e;
    }
    error(
        s.key()
            + "='"
            + v
            + "' must be one of "
            + java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(java.util.Locale.ROOT))
                .toList());
    return Enum.valueOf(type, s.defaultValue().toUpperCase(java.util.Locale.ROOT));
  }

  List<TopicPattern> patterns(Setting s) {
    List<TopicPattern> out = new ArrayList<>();
    for (String part : list(s)) {
      try {
        out.add(TopicPattern.compile(part));
      } catch (IllegalArgumentException e) {
        error(s.key() + ": " + e.getMessage());
      }
    }
    return out;
  }

  List<Cidr> cidrs(Setting s) {
    List<Cidr> out = new ArrayList<>();
    for (String part : raw(s).split(",")) {
      if (part.isBlank()) continue;
      try {
        out.add(Cidr.parse(part));
      } catch (IllegalArgumentException e) {
        error(s.key() + ": " + e.getMessage());
      }
    }
    return out;
  }
}
