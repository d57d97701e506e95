package dev.herald.hub;

/**
 * The event log did not answer in time: the events may or may not have been published. Retry with
 * the same idempotency key to publish them exactly once; the REST API answers {@code 504}.
 */
public class PublishOutcomeUnknownException extends PublishRefusedException {
  private static final long serialVersionUID = 1L;

  public PublishOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
