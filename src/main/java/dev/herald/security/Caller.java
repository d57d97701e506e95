package dev.herald.security;

import jakarta.servlet.ServletRequest;

/**
 * Whoever a verified token names, as the security filter leaves it on the request.
 *
 * @param subject the token's {@code sub}, which also names the client for per-client limits
 * @param expiresAtMillis the token's {@code exp}
 * @param fromCookie true when the token came in the cookie: it may read streams, never publish
 * @param expired true when the token verified in every way but its expiry
 */
public record Caller(
    String subject, Rights rights, long expiresAtMillis, boolean fromCookie, boolean expired) {
  static final String ATTRIBUTE = Caller.class.getName();

  /** The request's caller, or {@code null} when it carried no token. */
  public static Caller of(ServletRequest request) {
    return (Caller) request.getAttribute(ATTRIBUTE);
  }
}
