package dev.herald.testing;

import dev.herald.hub.Wire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A wire that parses what it is sent, so hub tests see frames as a client would. */
public class RecordingWire implements Wire {
  public final SseParser parser = new SseParser();
  public final CountDownLatch closed = new CountDownLatch(1);
  private final CountDownLatch gate;
  private int flushes;

  public RecordingWire() {
    this(new CountDownLatch(0));
  }

  /** A wire whose writes wait for the gate: a client that stopped reading. */
  public RecordingWire(CountDownLatch gate) {
    this.gate = gate;
  }

  @Override
  public void write(byte[] frame) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    parser.accept(new String(frame, StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void flush() {
    flushes++;
    notifyAll();
  }

  @Override
  public void close() {
    closed.countDown();
  }

  public List<SseEvent> events() {
    return parser.events();
  }

  /** Waits until the events seen so far satisfy the condition. */
  public synchronized List<SseEvent> await(Predicate<List<SseEvent>> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(events())) {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new AssertionError("timed out; saw " + events());
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return events();
  }
}
