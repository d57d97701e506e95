package dev.herald.hub;

/**
 * Herald's order for events, written {@code <millis>-<seq>} like a Redis stream id and compared as
 * a pair of integers, never as text ({@code 10-0} follows {@code 9-5}).
 */
public record EventId(long millis, long seq) implements Comparable<EventId> {
  public static final EventId ZERO = new EventId(0, 0);

  public EventId {
    if (millis < 0 || seq < 0) {
      throw new IllegalArgumentException("event id parts must not be negative");
    }
  }

  /**
   * @return the id, or {@code null} when the text is not two ASCII-digit integers joined by '-'
   */
  public static EventId parse(String text) {
    if (text == null) return null;
    int dash = text.indexOf('-');
    if (dash <= 0 || dash == text.length() - 1) return null;
    long millis = digits(text, 0, dash);
    long seq = digits(text, dash + 1, text.length());
    return millis < 0 || seq < 0 ? null : new EventId(millis, seq);
  }

  /**
   * @return the value of text[from, to) as digits, or -1 when it is not digits or overflows
   */
  private static long digits(String text, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') return -1;
      if (value > (Long.MAX_VALUE - (c - '0')) / 10) return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The id that follows this one for an event at {@code nowMillis}; never goes backwards. */
  public EventId next(long nowMillis) {
    return nowMillis > millis ? new EventId(nowMillis, 0) : new EventId(millis, seq + 1);
  }

  @Override
  public int compareTo(EventId o) {
    int c = Long.compare(millis, o.millis);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }

  public boolean isAfter(EventId o) {
    return compareTo(o) > 0;
  }

  public boolean isBefore(EventId o) {
    return compareTo(o) < 0;
  }

  @Override
  public String toString() {
    return millis + "-" + seq;
  }
}
