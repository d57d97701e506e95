package dev.herald.api;

import jakarta.ws.rs.core.Response.Status;

/**
 * A request Herald refuses, answered as {@code application/problem+json} (RFC 9457). It carries no
 * stack trace: it is an answer, not a fault.
 */
public final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String slug;
  private final String title;
  private long retryAfterSeconds = -1;
  private String challenge;

  public Problem(int status, String slug, String title, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public static Problem badRequest(String slug, String detail) {
    return new Problem(400, slug, "Bad request", detail);
  }

  public static Problem of(Status status, String slug, String detail) {
    return new Problem(status.getStatusCode(), slug, status.getReasonPhrase(), detail);
  }

  /** A fault in Herald, answered without its details (which the log has). */
  public static Problem internal() {
    return of(Status.INTERNAL_SERVER_ERROR, "internal", "Herald hit an internal error");
  }

  /** Tells the client when to come back (a {@code Retry-After} header). */
  public Problem retryAfter(long seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** Tells the client how to authenticate (a {@code WWW-Authenticate} header). */
  public Problem challenge(String value) {
    this.challenge = value;
    return this;
  }

  /** The {@code WWW-Authenticate} value, or {@code null} for none. */
  public String challenge() {
    return challenge;
  }

  /** Seconds for {@code Retry-After}, or -1 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  /** A URI naming the kind of problem, stable for clients to switch on. */
  public String type() {
    return "https://herald.dev/problems/" + slug;
  }

  /** The last part of {@link #type()}: {@code at-capacity}, {@code invalid-token}. */
  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }
}
