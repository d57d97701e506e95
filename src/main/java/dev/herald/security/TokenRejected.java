package dev.herald.security;

/** A token that does not verify: forged, tampered, expired, not yet valid, or not for Herald. */
final class TokenRejected extends Exception {
  private static final long serialVersionUID = 1L;

  TokenRejected(String reason) {
    super(reason, null, false, false);
  }
}
