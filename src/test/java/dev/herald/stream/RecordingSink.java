package dev.herald.stream;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** An application's sink as a test sees it: what was sent to it, from which threads. */
final class RecordingSink implements SseEventSink {
  final CountDownLatch closed = new CountDownLatch(1);
  final List<String> threads = new ArrayList<>();
  private final List<OutboundSseEvent> sent = new ArrayList<>();
  volatile boolean failing;

  @Override
  public synchronized CompletionStage<?> send(OutboundSseEvent event) {
    if (failing) return CompletableFuture.failedFuture(new java.io.IOException("Broken pipe"));
    sent.add(event);
    threads.add(Thread.currentThread().getName());
    notifyAll();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean isClosed() {
    return closed.getCount() == 0;
  }

  @Override
  public void close() {
    closed.countDown();
  }

  synchronized List<OutboundSseEvent> sent() {
    return List.copyOf(sent);
  }

  /** Waits until what was sent so far satisfies the condition. */
  synchronized List<OutboundSseEvent> await(
      Predicate<List<OutboundSseEvent>> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(sent)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new AssertionError("timed out; sent " + sent);
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return List.copyOf(sent);
  }
}
