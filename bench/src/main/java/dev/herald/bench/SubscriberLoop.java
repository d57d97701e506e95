package dev.herald.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.ObjIntConsumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One selector thread holding thousands of SSE connections: it opens them (a bounded number at a
 * time, so the server's accept queue is not flooded), reads and parses every stream, and records
 * each delivery's latency. Nothing here blocks, and no thread is spent per connection.
 */
final class SubscriberLoop implements Runnable {
  /** Latencies are recorded in microseconds, up to one hour. */
  static final long MAX_LATENCY_MICROS = 3_600_000_000L;

  private static final long TIMEOUT_CHECK_NANOS = 200_000_000L;

  private final Selector selector;
  private final InetSocketAddress server;
  private final Target target;
  private final int port;
  private final Topics topics;
  private final int maxConnecting;
  private final long headTimeoutNanos;
  private final AtomicIntegerArray streamingPerTopic;
  private final ObjIntConsumer<Subscription> deliveryObserver;
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Subscription> waiting = new ArrayDeque<>();
  // A set: a storm has thousands connecting at once, each removed when its head arrives.
  private final Set<Subscription> connecting = new LinkedHashSet<>();
  private final List<Subscription> all = new ArrayList<>();
  private final ArrayDeque<Subscription> cut = new ArrayDeque<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
  private final SingleWriterRecorder latency = new SingleWriterRecorder(MAX_LATENCY_MICROS, 3);
  private final long[] decoded = new long[2];

  private long now = System.nanoTime();
  private long nextTimeoutCheck;
  private boolean abortiveClose = true;
  private volatile boolean running = true;

  // Written by this thread only; copied to the volatile fields once per select round so other
  // threads can read consistent-enough totals without a volatile write per event.
  private long deliveries;
  private long duplicates;
  private long lastDeliveryNanos;
  private int connected;
  private int failed;
  private int closedByServer;
  private String firstError;

  private volatile long sharedDeliveries;
  private volatile long sharedDuplicates;
  private volatile long sharedLastDeliveryNanos;
  private volatile int sharedConnected;
  private volatile int sharedFailed;
  private volatile int sharedClosedByServer;
  private volatile String sharedFirstError;

  SubscriberLoop(
      Target target,
      int port,
      Topics topics,
      int maxConnecting,
      long headTimeoutNanos,
      AtomicIntegerArray streamingPerTopic,
      ObjIntConsumer<Subscription> deliveryObserver)
      throws IOException {
    this.selector = Selector.open();
    this.server = new InetSocketAddress("127.0.0.1", port);
    this.target = target;
    this.port = port;
    this.topics = topics;
    this.maxConnecting = maxConnecting;
    this.headTimeoutNanos = headTimeoutNanos;
    this.streamingPerTopic = streamingPerTopic;
    this.deliveryObserver = deliveryObserver;
  }

  /**
   * Queues new subscriptions, the i-th numbered {@code indexes[i]} on topic {@code topics[i]}; they
   * connect in the background.
   */
  void open(int[] indexes, int[] topics) {
    commands.add(
        () -> {
          for (int i = 0; i < indexes.length; i++) {
            Subscription s = new Subscription(this, indexes[i], topics[i]);
            waiting.add(s);
            all.add(s);
          }
        });
    selector.wakeup();
  }

  /**
   * Closes every open stream at once (a reset, as a crashed proxy would), then counts {@code done}
   * down. The closes are complete when it does: NIO closes a channel registered with a selector
   * only halfway (its socket stays open) until that selector runs again, so it runs once here.
   */
  void cutAll(CountDownLatch done) {
    commands.add(
        () -> {
          for (Subscription s : all) {
            if (s.state == Subscription.State.STREAMING) {
              streamingPerTopic.decrementAndGet(s.topic);
              close(s, true);
              s.reset();
              cut.add(s);
            }
          }
          try {
            selector.selectNow(this::ready);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          done.countDown();
        });
    selector.wakeup();
  }

  /**
   * Opens {@code count} more of the cut subscriptions again, each resuming from its last id. They
   * connect at once, past the bound on opens in flight: clients coming back after a deploy do not
   * wait for each other's answers, so the storm keeps its shape however slowly the server answers.
   */
  void reopen(int count) {
    commands.add(
        () -> {
          for (int i = 0; i < count && !cut.isEmpty(); i++) {
            start(cut.poll());
          }
        });
    selector.wakeup();
  }

  /** Asks the thread to close every connection and end; {@code abortive} resets instead of FIN. */
  void shutdown(boolean abortive) {
    commands.add(
        () -> {
          abortiveClose = abortive;
          running = false;
        });
    selector.wakeup();
  }

  /** Every subscription ever opened; read it only after this loop's thread has ended. */
  List<Subscription> subscriptions() {
    return all;
  }

  /** The latencies recorded since the previous call. */
  Histogram takeLatency() {
    return latency.getIntervalHistogram();
  }

  long deliveries() {
    return sharedDeliveries;
  }

  long duplicates() {
    return sharedDuplicates;
  }

  long lastDeliveryNanos() {
    return sharedLastDeliveryNanos;
  }

  int connectedCount() {
    return sharedConnected;
  }

  int failedCount() {
    return sharedFailed;
  }

  int closedByServerCount() {
    return sharedClosedByServer;
  }

  String firstError() {
    return sharedFirstError;
  }

  @Override
  public void run() {
    try {
      while (running) {
        Runnable command;
        while ((command = commands.poll()) != null) {
          command.run();
        }
        startWaiting();
        selector.select(this::ready, 50);
        now = System.nanoTime();
        if (now - nextTimeoutCheck >= 0) {
          failTimedOut();
          nextTimeoutCheck = now + TIMEOUT_CHECK_NANOS;
        }
        publishCounters();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      closeEverything();
      publishCounters();
    }
  }

  private void startWaiting() {
    while (connecting.size() < maxConnecting && !waiting.isEmpty()) {
      start(waiting.poll());
    }
  }

  private void start(Subscription s) {
    s.startedNanos = System.nanoTime();
    connecting.add(s);
    try {
      s.channel = SocketChannel.open();
      s.channel.configureBlocking(false);
      s.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      s.state = Subscription.State.CONNECTING;
      if (s.channel.connect(server)) {
        sendRequest(s);
      } else {
        s.key = s.channel.register(selector, SelectionKey.OP_CONNECT, s);
      }
    } catch (IOException e) {
      failed(s, e.toString());
    }
  }

  private void ready(SelectionKey key) {
    Subscription s = (Subscription) key.attachment();
    try {
      if (!key.isValid()) {
        return;
      }
      if (key.isConnectable()) {
        s.channel.finishConnect();
        sendRequest(s);
      } else if (key.isWritable()) {
        writeUnsent(s);
      } else if (key.isReadable()) {
        read(s);
      }
    } catch (IOException | RuntimeException e) {
      if (s.state == Subscription.State.STREAMING) {
        closedByServer(s);
      } else {
        failed(s, e.toString());
      }
    }
  }

  private void sendRequest(Subscription s) throws IOException {
    s.state = Subscription.State.AWAITING_HEAD;
    s.unsentRequest =
        ByteBuffer.wrap(target.subscribeRequest(topics.name(s.topic), port, s.lastEventId()));
    if (s.key == null) {
      s.key = s.channel.register(selector, 0, s);
    }
    writeUnsent(s);
  }

  private void writeUnsent(Subscription s) throws IOException {
    s.channel.write(s.unsentRequest);
    if (s.unsentRequest.hasRemaining()) {
      s.key.interestOps(SelectionKey.OP_WRITE);
    } else {
      s.unsentRequest = null;
      s.key.interestOps(SelectionKey.OP_READ);
    }
  }

  private void read(Subscription s) throws IOException {
    readBuffer.clear();
    int n = s.channel.read(readBuffer);
    now = System.nanoTime();
    if (n < 0) {
      if (s.state == Subscription.State.STREAMING) {
        closedByServer(s);
      } else {
        failed(s, "closed before the response head");
      }
      return;
    }
    s.consume(readBuffer.array(), 0, n);
  }

  /** Called by a subscription when its response head said 200: the stream is open. */
  void connected(Subscription s) {
    s.state = Subscription.State.STREAMING;
    connecting.remove(s);
    connected++;
    streamingPerTopic.incrementAndGet(s.topic);
  }

  /** Called by a subscription for each data line; counts and times the delivery. */
  void payload(Subscription s, byte[] line, int offset, int length) {
    if (!Payload.decode(line, offset, length, decoded)) {
      return; // Herald's "connected" event, or anything else that is not a benchmark payload
    }
    long seq = decoded[0];
    if (seq > Integer.MAX_VALUE) {
      return;
    }
    if (s.received.get((int) seq)) {
      duplicates++;
    } else {
      s.received.set((int) seq);
    }
    deliveries++;
    lastDeliveryNanos = now;
    if (deliveryObserver != null) {
      deliveryObserver.accept(s, (int) seq);
    }
    long micros = (now - decoded[1]) / 1000;
    latency.recordValue(Math.max(0, Math.min(micros, MAX_LATENCY_MICROS)));
  }

  void failed(Subscription s, String reason) {
    if (s.state == Subscription.State.FAILED || s.state == Subscription.State.CLOSED) {
      return;
    }
    s.state = Subscription.State.FAILED;
    connecting.remove(s);
    failed++;
    if (firstError == null) {
      firstError = reason;
    }
    close(s, true);
  }

  void closedByServer(Subscription s) {
    if (s.state != Subscription.State.STREAMING) {
      return;
    }
    s.state = Subscription.State.CLOSED;
    closedByServer++;
    streamingPerTopic.decrementAndGet(s.topic);
    close(s, true);
  }

  private void failTimedOut() {
    List<Subscription> late = new ArrayList<>();
    for (Subscription s : connecting) {
      if (now - s.startedNanos > headTimeoutNanos) {
        late.add(s);
      }
    }
    late.forEach(s -> failed(s, "no response head within " + headTimeoutNanos / 1_000_000 + " ms"));
  }

  private void closeEverything() {
    for (Subscription s : all) {
      close(s, abortiveClose);
    }
    try {
      selector.close();
    } catch (IOException e) {
      // Nothing left to do with a selector that will not close.
    }
  }

  private static void close(Subscription s, boolean abortive) {
    if (s.channel == null || !s.channel.isOpen()) {
      return;
    }
    try {
      if (abortive) {
        // A reset leaves no TIME_WAIT behind, so 18k ports are free again for the next run.
        s.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
      s.channel.close();
    } catch (IOException e) {
      // Closing is best effort.
    }
  }

  private void publishCounters() {
    sharedDeliveries = deliveries;
    sharedDuplicates = duplicates;
    sharedLastDeliveryNanos = lastDeliveryNanos;
    sharedConnected = connected;
    sharedFailed = failed;
    sharedClosedByServer = closedByServer;
    if (sharedFirstError == null && firstError != null) {
      sharedFirstError = firstError;
    }
  }
}
