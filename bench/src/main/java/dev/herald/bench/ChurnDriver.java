package dev.herald.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Opens SSE subscriptions at a fixed rate and closes each one (an ordinary FIN, as a browser tab
 * would) as soon as its response head says 200. Counts opens that succeeded, errors, and the time
 * from connect to response head.
 */
final class ChurnDriver implements AutoCloseable {
  /** One short-lived subscription. */
  private static final class Attempt {
    final long startNanos = System.nanoTime();
    final ResponseHead head = new ResponseHead();
    SocketChannel channel;
    ByteBuffer request;
  }

  /** The outcome of one churn step. */
  record Result(long attempted, long succeeded, long errors, long skipped, Histogram headMicros) {}

  private static final long TIMEOUT_NANOS = 10_000_000_000L;

  private final Selector selector;
  private final InetSocketAddress server;
  private final byte[] request;
  private final int maxInFlight;
  private final List<Attempt> inFlight = new ArrayList<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
  private long succeeded;
  private long errors;
  private String firstError;
  private Histogram headMicros;

  ChurnDriver(Target target, int port, String topic, int maxInFlight) throws IOException {
    this.selector = Selector.open();
    this.server = new InetSocketAddress("127.0.0.1", port);
    this.request = target.subscribeRequest(topic, port);
    this.maxInFlight = maxInFlight;
  }

  String firstError() {
    return firstError;
  }

  /** Opens at {@code ratePerSecond} for {@code seconds}, then waits for the stragglers. */
  Result run(double ratePerSecond, double seconds) throws IOException {
    succeeded = 0;
    errors = 0;
    headMicros = new Histogram(SubscriberLoop.MAX_LATENCY_MICROS, 3);
    long start = System.nanoTime();
    long planned = (long) Math.floor(ratePerSecond * seconds);
    double interval = 1e9 / ratePerSecond;
    long index = 0;
    long skipped = 0;
    long deadline = start + (long) (seconds * 1e9) + TIMEOUT_NANOS;
    while (System.nanoTime() < deadline) {
      long now = System.nanoTime();
      while (index < planned && start + (long) (index * interval) <= now) {
        if (inFlight.size() < maxInFlight) {
          open();
        } else {
          skipped++; // the server is not keeping up: counted, not queued
        }
        index++;
      }
      if (index >= planned && inFlight.isEmpty()) {
        break;
      }
      failTimedOut(now);
      long next = index < planned ? start + (long) (index * interval) - now : 10_000_000L;
      selector.select(this::ready, Math.max(1, next / 1_000_000));
    }
    for (Attempt a : new ArrayList<>(inFlight)) {
      error(a, "unfinished at the end of the step");
    }
    // Closing a channel registered with a selector only shuts its output down (FIN) and leaves the
    // socket open until the selector next runs. Without this, the last few closed connections
    // stayed half-open, still accepting data, for as long as this driver lived: the "one stream
    // stays counted" of earlier churn reports was such a socket, held open by the generator.
    selector.selectNow();
    return new Result(index, succeeded, errors, skipped, headMicros);
  }

  private void open() {
    Attempt a = new Attempt();
    inFlight.add(a);
    try {
      a.channel = SocketChannel.open();
      a.channel.configureBlocking(false);
      a.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      a.request = ByteBuffer.wrap(request);
      if (a.channel.connect(server)) {
        a.channel.write(a.request);
        a.channel.register(selector, SelectionKey.OP_READ, a);
      } else {
        a.channel.register(selector, SelectionKey.OP_CONNECT, a);
      }
    } catch (IOException e) {
      error(a, e.toString());
    }
  }

  private void ready(SelectionKey key) {
    Attempt a = (Attempt) key.attachment();
    try {
      if (!key.isValid()) {
        return;
      }
      if (key.isConnectable()) {
        a.channel.finishConnect();
        a.channel.write(a.request); // ~150 bytes: always fits a fresh socket's buffer
        key.interestOps(SelectionKey.OP_READ);
      } else if (key.isReadable()) {
        readBuffer.clear();
        int n = a.channel.read(readBuffer);
        if (n < 0) {
          error(a, "closed before the response head");
          return;
        }
        a.head.feed(readBuffer.array(), 0, n);
        if (a.head.complete()) {
          if (a.head.status() == 200) {
            succeeded++;
            headMicros.recordValue((System.nanoTime() - a.startNanos) / 1000);
            finish(a);
          } else {
            error(a, "HTTP " + a.head.status());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      error(a, e.toString());
    }
  }

  private void failTimedOut(long now) {
    for (int i = inFlight.size() - 1; i >= 0; i--) {
      Attempt a = inFlight.get(i);
      if (now - a.startNanos > TIMEOUT_NANOS) {
        error(a, "no response head within 10 s");
      }
    }
  }

  private void error(Attempt a, String reason) {
    errors++;
    if (firstError == null) {
      firstError = reason;
    }
    finish(a);
  }

  private void finish(Attempt a) {
    inFlight.remove(a);
    try {
      if (a.channel != null) {
        a.channel.close();
      }
    } catch (IOException e) {
      // Best effort.
    }
  }

  @Override
  public void close() throws IOException {
    for (Attempt a : new ArrayList<>(inFlight)) {
      finish(a);
    }
    selector.close();
  }
}
