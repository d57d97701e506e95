package dev.herald.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntUnaryOperator;
import java.util.function.ObjIntConsumer;
import org.HdrHistogram.Histogram;

/** All subscriber connections of one generator process, spread over a few selector threads. */
final class SubscriberPool implements AutoCloseable {
  private final List<SubscriberLoop> loops = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicIntegerArray streamingPerTopic;
  private int opened;
  private boolean closed;

  SubscriberPool(
      Target target,
      int port,
      Topics topics,
      int topicCount,
      int threadCount,
      int connectConcurrency,
      Duration headTimeout,
      ObjIntConsumer<Subscription> deliveryObserver)
      throws IOException {
    streamingPerTopic = new AtomicIntegerArray(topicCount);
    // Bounded connects in flight: a server accepting slowly should not see a SYN flood.
    int maxConnectingPerLoop = Math.max(1, connectConcurrency / threadCount);
    for (int i = 0; i < threadCount; i++) {
      SubscriberLoop loop =
          new SubscriberLoop(
              target,
              port,
              topics,
              maxConnectingPerLoop,
              headTimeout.toNanos(),
              streamingPerTopic,
              deliveryObserver);
      Thread thread = new Thread(loop, "subscribers-" + i);
      thread.setDaemon(true);
      thread.start();
      loops.add(loop);
      threads.add(thread);
    }
  }

  /**
   * Opens {@code count} more subscriptions; the n-th one ever opened goes to topic {@code f(n)}.
   */
  void open(int count, IntUnaryOperator topicOfIndex) {
    int n = loops.size();
    for (int l = 0; l < n; l++) {
      int share = count / n + (l < count % n ? 1 : 0);
      int[] indexes = new int[share];
      int[] topics = new int[share];
      for (int i = 0; i < share; i++) {
        indexes[i] = opened + l + i * n;
        topics[i] = topicOfIndex.applyAsInt(indexes[i]);
      }
      loops.get(l).open(indexes, topics);
    }
    opened += count;
  }

  /** Closes every open stream at once; returns when the sockets are closed, or false on timeout. */
  boolean cutAll(Duration timeout) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(loops.size());
    loops.forEach(loop -> loop.cutAll(done));
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Opens {@code count} more of the cut subscriptions again, each with its last event id. */
  void reopen(int count) {
    int n = loops.size();
    for (int l = 0; l < n; l++) {
      loops.get(l).reopen(count / n + (l < count % n ? 1 : 0));
    }
  }

  /** Every subscription ever opened; read it only after {@link #close}. */
  List<Subscription> subscriptions() {
    List<Subscription> all = new ArrayList<>();
    loops.forEach(loop -> all.addAll(loop.subscriptions()));
    return all;
  }

  /** Waits until every subscription opened so far is streaming or has failed, or time is up. */
  boolean awaitSettled(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (connected() + failed() >= opened) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  int opened() {
    return opened;
  }

  int connected() {
    return loops.stream().mapToInt(SubscriberLoop::connectedCount).sum();
  }

  int failed() {
    return loops.stream().mapToInt(SubscriberLoop::failedCount).sum();
  }

  int closedByServer() {
    return loops.stream().mapToInt(SubscriberLoop::closedByServerCount).sum();
  }

  long deliveries() {
    return loops.stream().mapToLong(SubscriberLoop::deliveries).sum();
  }

  long duplicates() {
    return loops.stream().mapToLong(SubscriberLoop::duplicates).sum();
  }

  long lastDeliveryNanos() {
    return loops.stream().mapToLong(SubscriberLoop::lastDeliveryNanos).max().orElse(0);
  }

  /** Subscriptions on this topic whose stream is open now. */
  int streaming(int topic) {
    return streamingPerTopic.get(topic);
  }

  String firstError() {
    return loops.stream()
        .map(SubscriberLoop::firstError)
        .filter(e -> e != null)
        .findFirst()
        .orElse("");
  }

  /** The latencies (microseconds) recorded by every thread since the previous call. */
  Histogram takeLatency() {
    Histogram total = new Histogram(SubscriberLoop.MAX_LATENCY_MICROS, 3);
    for (SubscriberLoop loop : loops) {
      total.add(loop.takeLatency());
    }
    return total;
  }

  /**
   * Closes every connection and waits for the threads to end. Then counts, per subscription, the
   * events acknowledged on its topic that it never received.
   */
  long closeAndCountMissing(long[] ackedPerTopic, boolean abortive) throws InterruptedException {
    shutdown(abortive);
    long missing = 0;
    for (SubscriberLoop loop : loops) {
      for (Subscription s : loop.subscriptions()) {
        boolean everStreamed =
            s.state == Subscription.State.STREAMING || s.state == Subscription.State.CLOSED;
        if (everStreamed && s.topic < ackedPerTopic.length) {
          missing += Math.max(0, ackedPerTopic[s.topic] - s.received.cardinality());
        }
      }
    }
    return missing;
  }

  private void shutdown(boolean abortive) throws InterruptedException {
    if (closed) {
      return;
    }
    closed = true;
    for (SubscriberLoop loop : loops) {
      loop.shutdown(abortive);
    }
    for (Thread thread : threads) {
      thread.join(30_000);
    }
  }

  @Override
  public void close() throws InterruptedException {
    shutdown(true);
  }
}
