package dev.herald.hub;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * A test double of a remote log: the in-memory log underneath, with appends that a test can hold on
 * a latch, fail or leave unanswered, and a hook that runs while a stream's history is read.
 */
final class ControlledLog implements EventLog {
  enum Mode {
    NORMAL,
    REFUSE,
    HANG
  }

  final MemoryEventLog memory;
  volatile Mode mode = Mode.NORMAL;
  volatile CountDownLatch appendGate = new CountDownLatch(0);
  final CountDownLatch appendEntered = new CountDownLatch(1);

  /** Runs inside {@link #read}, after the history is taken and before it is answered. */
  volatile Runnable duringRead = () -> {};

  /** While true, appended events wait to be handed on, like a remote log's reader running late. */
  volatile boolean lagging;

  private final List<Event> late = new java.util.ArrayList<>();
  private Consumer<List<Event>> inbound;

  ControlledLog(int maxEvents) {
    memory = new MemoryEventLog(maxEvents, Long.MAX_VALUE, 3_600_000, System::currentTimeMillis);
  }

  @Override
  public void start(Consumer<List<Event>> inbound) {
    this.inbound = inbound;
    memory.start(
        events -> {
          synchronized (late) {
            if (lagging) late.addAll(events);
            else inbound.accept(events);
          }
        });
  }

  /** The late reader catches up: everything held back is handed on now, in order. */
  void catchUp() {
    synchronized (late) {
      inbound.accept(List.copyOf(late));
      late.clear();
      lagging = false;
    }
  }

  @Override
  public CompletionStage<Appended> append(List<Draft> drafts, Idempotency key) {
    appendEntered.countDown();
    try {
      appendGate.await(); // a round trip that takes as long as the test says
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return switch (mode) {
      case NORMAL -> memory.append(drafts, key);
      case REFUSE ->
          CompletableFuture.failedFuture(new PublishRefusedException("backplane is down", null));
      case HANG -> new CompletableFuture<>();
    };
  }

  @Override
  public CompletionStage<History> read(EventId cursor, Set<String> topics) {
    History h = memory.read(cursor, topics).toCompletableFuture().join();
    duringRead.run();
    return CompletableFuture.completedFuture(h);
  }

  @Override
  public boolean available() {
    return mode == Mode.NORMAL;
  }

  @Override
  public void close() {
    memory.close();
  }
}
