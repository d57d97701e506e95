package dev.herald.api;

import java.util.Arrays;

/**
 * A pattern of topics, as rights and private topics are written: segments joined by '/', where
 * {@code *} is exactly one whole segment and {@code **}, only as the last segment, is one or more
 * segments. {@code users/42/**} matches {@code users/42/inbox} and {@code users/42/a/b}, not {@code
 * users/42}.
 */
public final class TopicPattern {
  private static final String ONE = "*";
  private static final String MANY = "**";

  private final String text;
  private final String[] segments;

  private TopicPattern(String text, String[] segments) {
    this.text = text;
    this.segments = segments;
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with the pattern
   */
  public static TopicPattern compile(String text) {
    if (text == null || text.isEmpty()) throw new IllegalArgumentException("a pattern is empty");
    String[] segments = text.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (s.equals(MANY) && i != segments.length - 1) {
        throw new IllegalArgumentException("'" + text + "': ** may only be the last segment");
      }
      if (s.equals(ONE) || s.equals(MANY)) continue;
      if (s.contains("*")) {
        throw new IllegalArgumentException("'" + text + "': * stands only for a whole segment");
      }
      try {
        TopicNames.check("pattern", s);
      } catch (Problem p) {
        throw new IllegalArgumentException("'" + text + "' has an invalid segment '" + s + "'");
      }
    }
    return new TopicPattern(text, segments);
  }

  public boolean matches(String topic) {
    String[] t = topic.split("/", -1);
    boolean many = segments[segments.length - 1].equals(MANY);
    int fixed = many ? segments.length - 1 : segments.length;
    if (many ? t.length <= fixed : t.length != fixed) return false;
    for (int i = 0; i < fixed; i++) {
      if (!segments[i].equals(ONE) && !segments[i].equals(t[i])) return false;
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicPattern p && Arrays.equals(segments, p.segments);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(segments);
  }

  @Override
  public String toString() {
    return text;
  }
}
