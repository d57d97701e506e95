package dev.herald.hub;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands the subscribers one event woke to the writer threads in one go: a few runners share the
 * list, each taking the next subscriber until none is left. That costs a thread wake-up per runner
 * instead of one per subscriber, and a runner stuck on a stalled client holds up no one else.
 */
final class Fanout implements Runnable {
  private final Subscriber[] ready;
  private final int count;
  private final AtomicInteger next = new AtomicInteger();

  private Fanout(Subscriber[] ready, int count) {
    this.ready = ready;
    this.count = count;
  }

  /** Runs {@code ready[0..count)} on at most {@code runners} writer threads. */
  static void start(Subscriber[] ready, int count, int runners, Executor writers) {
    if (count == 1) {
      ready[0].dispatch();
      return;
    }
    Fanout f = new Fanout(ready, count);
    for (int i = Math.min(runners, count); i > 0; i--) {
      try {
        writers.execute(f);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        f.run(); // shutting down: end the streams here rather than lose them
        return;
      }
    }
  }

  @Override
  public void run() {
    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
      ready[i].run();
    }
  }
}
