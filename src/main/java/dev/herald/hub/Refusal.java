package dev.herald.hub;

/** The hub will not open another stream now; the client should come back later. */
public final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why: each maps to its own HTTP status at the edge. */
  public enum Reason {
    /** The hub holds as many streams as it may. */
    FULL,
    /** This client holds as many streams as it may. */
    CLIENT_LIMIT,
    /** The hub is draining before shutdown. */
    DRAINING,
    /** The event log (the backplane) cannot be reached: no history to start a stream from. */
    LOG_UNAVAILABLE
  }

  private final Reason reason;

  public Refusal(Reason reason) {
    super(reason.name(), null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
