package dev.herald.hub;

/**
 * The event log refused a publish: it is unavailable, and nothing was published. Retry later; the
 * REST API answers {@code 503} with {@code Retry-After}.
 */
public class PublishRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PublishRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
