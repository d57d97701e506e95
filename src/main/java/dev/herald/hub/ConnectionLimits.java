package dev.herald.hub;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open streams, hub-wide and per client, and refuses those beyond the limits. Each place it
 * gives is an {@link Admission}, released exactly once, so the counts return to zero however
 * streams end.
 */
final class ConnectionLimits {
  private final int max;
  private final int maxPerClient;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> perClient = new ConcurrentHashMap<>();

  /** Limits of zero mean no limit. */
  ConnectionLimits(int max, int maxPerClient) {
    this.max = max;
    this.maxPerClient = maxPerClient;
  }

  /**
   * Takes a place for the client's new stream; a {@code null} client (an application's sink with no
   * request behind it) counts toward the hub-wide limit only.
   *
   * @throws Refusal when the hub or the client is at its limit
   */
  Admission admit(String client) {
    for (int n = open.get(); ; n = open.get()) {
      if (max > 0 && n >= max) throw new Refusal(Refusal.Reason.FULL);
      if (open.compareAndSet(n, n + 1)) break;
    }
    if (maxPerClient == 0 || client == null) return new Admission(this, client);
    boolean[] refused = {false};
    perClient.compute(
        client,
        (k, count) -> {
          AtomicInteger c = count != null ? count : new AtomicInteger();
          if (c.get() >= maxPerClient) refused[0] = true;
          else c.incrementAndGet();
          return c.get() == 0 ? null : c;
        });
    if (refused[0]) {
      open.decrementAndGet();
      throw new Refusal(Refusal.Reason.CLIENT_LIMIT);
    }
    return new Admission(this, client);
  }

  /** Only {@link Admission#close} calls this, once per place. */
  void release(String client) {
    open.decrementAndGet();
    if (maxPerClient == 0 || client == null) return;
    perClient.computeIfPresent(client, (k, c) -> c.decrementAndGet() == 0 ? null : c);
  }

  int open() {
    return open.get();
  }

  int max() {
    return max;
  }

  /** Clients holding at least one stream. */
  int clients() {
    return perClient.size();
  }
}
