package dev.herald.hub;

/** An idempotency key seen before came with different events; nothing was published. */
public class IdempotencyConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IdempotencyConflictException(String key) {
    super("Idempotency-Key '" + key + "' was used before for different events", null, false, false);
  }
}
