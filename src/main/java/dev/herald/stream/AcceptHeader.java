package dev.herald.stream;

import java.util.Locale;

/** Reads an HTTP {@code Accept} header (RFC 9110 §12.5.1) far enough to answer 406 correctly. */
final class AcceptHeader {
  private AcceptHeader() {}

  /**
   * Whether {@code accept} allows {@code type}, e.g. "text/event-stream". No header allows
   * anything; otherwise the most specific matching range decides, and {@code q=0} refuses.
   */
  static boolean allows(String accept, String type) {
    if (accept == null || accept.isBlank()) return true;
    String anySubtype = type.substring(0, type.indexOf('/') + 1) + "*";
    int bestSpecificity = 0;
    boolean allowed = false;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String media = parts[0].trim().toLowerCase(Locale.ROOT);
      int specificity =
          media.equals(type) ? 3 : media.equals(anySubtype) ? 2 : media.equals("*/*") ? 1 : 0;
      if (specificity > bestSpecificity) {
        bestSpecificity = specificity;
        allowed = weight(parts) > 0;
      }
    }
    return allowed;
  }

  private static double weight(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("q=")) {
        try {
          return Double.parseDouble(p.substring(2).trim());
        } catch (NumberFormatException e) {
          return 1; // a malformed weight is not a refusal
        }
      }
    }
    return 1;
  }
}
