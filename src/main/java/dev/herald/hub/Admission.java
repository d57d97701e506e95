package dev.herald.hub;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's place for one stream (or long-poll), taken before anything is written so a refusal
 * can still be an HTTP error. It is given back exactly once, by {@link #close}, whoever calls it
 * first: the stream when it ends, or the endpoint when it fails before the stream opens.
 */
public final class Admission implements AutoCloseable {
  private final ConnectionLimits limits;
  private final String client;
  private final AtomicBoolean held = new AtomicBoolean(true);

  Admission(ConnectionLimits limits, String client) {
    this.limits = limits;
    this.client = client;
  }

  /** Who holds the place: the principal, else the address; {@code null} when unknown. */
  public String client() {
    return client;
  }

  /** Gives the place back; later calls do nothing. */
  @Override
  public void close() {
    if (held.getAndSet(false)) limits.release(client);
  }
}
