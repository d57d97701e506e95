package dev.herald.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/**
 * What the native API accepts as a topic: 1 to 8 segments joined by '/', each of URL-safe
 * characters and not '.' or '..', 256 characters at most. Inside the hub a topic is opaque.
 */
public final class TopicNames {
  public static final int MAX_LENGTH = 256;
  public static final int MAX_SEGMENTS = 8;

  /** Herald's own feeds live here; clients may read them but not publish to them. */
  public static final String RESERVED_PREFIX = "herald/";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,63}");

  private TopicNames() {}

  /**
   * @return the topic, if valid
   */
  public static String check(String field, String topic) {
    if (topic == null || topic.isEmpty()) {
      throw Problem.badRequest("invalid-topic", field + " is missing");
    }
    String why = reason(topic);
    if (why != null) throw Problem.badRequest("invalid-topic", field + " '" + topic + "' " + why);
    return topic;
  }

  private static String reason(String topic) {
    if (topic.length() > MAX_LENGTH) return "is longer than " + MAX_LENGTH + " characters";
    String[] segments = topic.split("/", -1);
    if (segments.length > MAX_SEGMENTS) return "has more than " + MAX_SEGMENTS + " segments";
    for (String s : segments) {
      if (s.isEmpty()) return "has an empty segment";
      if (!SEGMENT.matcher(s).matches()) {
        return "has an invalid segment '"
            + s
            + "': use 1 to 64 of A-Z a-z 0-9 . _ ~ -, not starting with '.'";
      }
    }
    return null;
  }

  /**
   * @return the topic, if publishers may write to it: anything but Herald's own feeds
   */
  public static String writable(String field, String topic) {
    if (isReserved(topic)) {
      throw Problem.of(
          Response.Status.FORBIDDEN,
          "reserved-topic",
          field + " '" + topic + "' is one of Herald's own feeds and cannot be published to");
    }
    return topic;
  }

  /**
   * The topic from a still-encoded request path. Segments are decoded one by one, so an encoded
   * slash ({@code %2F}) stays inside its segment and makes the topic invalid.
   */
  public static String fromPath(String encoded) {
    if (encoded.indexOf('%') < 0) return check("topic", encoded);
    String[] segments = encoded.split("/", -1);
    StringBuilder topic = new StringBuilder(encoded.length());
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) topic.append('/');
      String decoded = percentDecode(segments[i]);
      if (decoded == null || decoded.indexOf('/') >= 0) {
        throw Problem.badRequest(
            "invalid-topic", "topic '" + encoded + "' has an encoded or malformed segment");
      }
      topic.append(decoded);
    }
    return check("topic", topic.toString());
  }

  /**
   * The topic from the request URI as the client sent it, between {@code prefix} and {@code
   * suffix}: JAX-RS path parameters arrive with a trailing slash already dropped.
   */
  public static String fromRequest(HttpServletRequest request, String prefix, String suffix) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!path.startsWith(prefix)
        || !path.endsWith(suffix)
        || path.length() < prefix.length() + suffix.length()) {
      throw Problem.badRequest("invalid-topic", "topic is missing from the path");
    }
    return fromPath(path.substring(prefix.length(), path.length() - suffix.length()));
  }

  /**
   * @return the decoded text, or {@code null} when an escape is malformed or not ASCII
   */
  private static String percentDecode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 2 >= s.length()) return null;
      int hi = Character.digit(s.charAt(i + 1), 16);
      int lo = Character.digit(s.charAt(i + 2), 16);
      if (hi < 0 || lo < 0 || hi > 7) return null;
      out.append((char) (hi * 16 + lo));
      i += 2;
    }
    return out.toString();
  }

  public static boolean isReserved(String topic) {
    return topic.startsWith(RESERVED_PREFIX);
  }
}
