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
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Publishes at a fixed rate, scheduled by the clock and not by the answers (open loop), over a
 * small pool of keep-alive connections. Each payload carries its <em>scheduled</em> send time: if
 * the publisher falls behind because every connection still awaits an answer, that delay shows up
 * in the measured latency instead of being hidden (no coordinated omission). Topics are used
 * round-robin.
 */
final class OpenLoopPublisher implements AutoCloseable {
  private static final long ANSWER_TIMEOUT_NANOS = 10_000_000_000L;
  private static final long RECONNECT_PAUSE_NANOS = 100_000_000L;

  private final Selector selector;
  private final InetSocketAddress server;
  private final int payloadSize;
  private final byte[][] heads;
  private final byte[] tail;
  private final int[] nextSeq;
  private final long[] acknowledgedPerTopic;
  private final List<PublishConnection> connections = new ArrayList<>();
  private final ArrayDeque<PublishConnection> idle = new ArrayDeque<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
  private final byte[] payload;
  private int topicCursor;

  // Per step.
  private long sent;
  private long acknowledged;
  private long failed;
  private String firstFailure;
  private Histogram answerMicros;

  OpenLoopPublisher(
      Target target,
      int port,
      Topics topics,
      int topicCount,
      int connectionCount,
      int payloadSize,
      String token)
      throws IOException {
    this.selector = Selector.open();
    this.server = new InetSocketAddress("127.0.0.1", port);
    this.payloadSize = Payload.maxLength(payloadSize);
    this.payload = new byte[this.payloadSize];
    this.heads = new byte[topicCount][];
    this.tail = target.publishTail();
    int maxHead = 0;
    for (int t = 0; t < topicCount; t++) {
      heads[t] = target.publishHead(topics.name(t), port, this.payloadSize, token);
      maxHead = Math.max(maxHead, heads[t].length);
    }
    this.nextSeq = new int[topicCount];
    this.acknowledgedPerTopic = new long[topicCount];
    for (int i = 0; i < connectionCount; i++) {
      PublishConnection c = new PublishConnection(maxHead + this.payloadSize + tail.length);
      connections.add(c);
      connect(c);
    }
  }

  /** Publishes acknowledged so far, per topic, over the publisher's whole life. */
  long[] acknowledgedPerTopic() {
    return acknowledgedPerTopic.clone();
  }

  /**
   * Publishes at {@code ratePerSecond} for {@code seconds}, then waits (bounded) for the answers
   * still outstanding. Returns when all are in.
   */
  PublishResult publishFor(double ratePerSecond, double seconds) throws IOException {
    sent = 0;
    acknowledged = 0;
    failed = 0;
    firstFailure = null;
    answerMicros = new Histogram(SubscriberLoop.MAX_LATENCY_MICROS, 3);
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long scheduled = Math.max(1, (long) Math.floor(ratePerSecond * seconds));
    double interval = 1e9 / ratePerSecond;
    long index = 0;
    long maxBacklog = 0;
    while (true) {
      long now = System.nanoTime();
      reconnectBroken(now);
      while (index < scheduled) {
        long due = start + (long) (index * interval);
        if (due > now) {
          break;
        }
        PublishConnection c = idle.poll();
        if (c == null) {
          maxBacklog = Math.max(maxBacklog, (long) ((now - due) / interval) + 1);
          break;
        }
        send(c, due);
        index++;
      }
      boolean allSent = index >= scheduled;
      if ((allSent || now - end > 0) && inFlight() == 0) {
        break;
      }
      if (now - end > ANSWER_TIMEOUT_NANOS) {
        failOutstanding("no answer within " + ANSWER_TIMEOUT_NANOS / 1_000_000 + " ms");
        break;
      }
      if (now - end > 0) {
        // The step is over: whatever was not sent by now is counted as unsent, not sent late.
        scheduled = index;
      }
      long wait = allSent ? 10_000_000L : start + (long) (index * interval) - now;
      if (!idle.isEmpty() && wait <= 0) {
        continue;
      }
      if (idle.isEmpty() || wait >= 1_000_000L) {
        // Sleeps in the selector, so answers are read as they come; select counts whole ms.
        selector.select(this::ready, Math.max(1, wait / 1_000_000));
      } else {
        // Under a millisecond to the next publish: read the answers that are in, then sleep just
        // that long. One wake-up per publish, not a spin that would take the subscribers' core.
        selector.selectNow(this::ready);
        LockSupport.parkNanos(wait);
      }
    }
    long planned = Math.max(1, (long) Math.floor(ratePerSecond * seconds));
    return new PublishResult(
        planned,
        sent,
        acknowledged,
        failed,
        planned - sent,
        maxBacklog,
        firstFailure,
        answerMicros);
  }

  private int inFlight() {
    int n = 0;
    for (PublishConnection c : connections) {
      if (c.state == PublishConnection.State.IN_FLIGHT) {
        n++;
      }
    }
    return n;
  }

  private void send(PublishConnection c, long dueNanos) {
    int topic = topicCursor;
    topicCursor = (topicCursor + 1) % heads.length;
    int seq = nextSeq[topic]++;
    Payload.encode(seq, dueNanos, payloadSize, payload, 0);
    c.request.clear();
    c.request.put(heads[topic]).put(payload, 0, payloadSize).put(tail).flip();
    c.topic = topic;
    c.sentNanos = System.nanoTime();
    c.resetResponse();
    c.state = PublishConnection.State.IN_FLIGHT;
    sent++;
    try {
      c.channel.write(c.request);
      c.key.interestOps(
          c.request.hasRemaining()
              ? SelectionKey.OP_WRITE | SelectionKey.OP_READ
              : SelectionKey.OP_READ);
    } catch (IOException e) {
      fail(c, e.toString());
    }
  }

  private void ready(SelectionKey key) {
    PublishConnection c = (PublishConnection) key.attachment();
    try {
      if (!key.isValid()) {
        return;
      }
      if (key.isConnectable()) {
        c.channel.finishConnect();
        c.state = PublishConnection.State.IDLE;
        key.interestOps(SelectionKey.OP_READ);
        idle.add(c);
        return;
      }
      if (key.isWritable()) {
        c.channel.write(c.request);
        if (!c.request.hasRemaining()) {
          key.interestOps(SelectionKey.OP_READ);
        }
      }
      if (key.isReadable()) {
        read(c);
      }
    } catch (IOException | RuntimeException e) {
      fail(c, e.toString());
    }
  }

  private void read(PublishConnection c) throws IOException {
    readBuffer.clear();
    int n = c.channel.read(readBuffer);
    if (n < 0) {
      // An idle keep-alive connection closed by the server is normal; a lost answer is not.
      if (c.state == PublishConnection.State.IN_FLIGHT) {
        fail(c, "connection closed before the answer");
      } else {
        broken(c);
      }
      return;
    }
    if (c.state != PublishConnection.State.IN_FLIGHT) {
      return; // bytes nobody asked for; ignore
    }
    byte[] bytes = readBuffer.array();
    int pos = 0;
    if (!c.head.complete()) {
      pos += c.head.feed(bytes, 0, n);
      if (!c.head.complete()) {
        return;
      }
      c.bodyRemaining = c.head.chunked() ? -1 : Math.max(0, c.head.contentLength());
    }
    boolean bodyDone;
    if (c.head.chunked()) {
      c.chunks.feed(bytes, pos, n - pos, (b, o, l) -> {});
      bodyDone = c.chunks.done();
    } else {
      c.bodyRemaining -= Math.min(c.bodyRemaining, n - pos);
      bodyDone = c.bodyRemaining == 0;
    }
    if (bodyDone) {
      answered(c);
    }
  }

  private void answered(PublishConnection c) {
    answerMicros.recordValue(
        Math.min((System.nanoTime() - c.sentNanos) / 1000, SubscriberLoop.MAX_LATENCY_MICROS));
    int status = c.head.status();
    if (status >= 200 && status < 300) {
      acknowledged++;
      acknowledgedPerTopic[c.topic]++;
    } else {
      failed++;
      if (firstFailure == null) {
        firstFailure = "HTTP " + status;
      }
    }
    if (c.head.closeAfter()) {
      broken(c); // the server ends keep-alive after N requests: open a fresh connection
    } else {
      c.state = PublishConnection.State.IDLE;
      idle.add(c);
    }
  }

  private void fail(PublishConnection c, String reason) {
    if (c.state == PublishConnection.State.IN_FLIGHT) {
      failed++;
      if (firstFailure == null) {
        firstFailure = reason;
      }
    }
    broken(c);
  }

  private void failOutstanding(String reason) {
    for (PublishConnection c : connections) {
      if (c.state == PublishConnection.State.IN_FLIGHT) {
        fail(c, reason);
      }
    }
  }

  private void broken(PublishConnection c) {
    idle.remove(c);
    c.state = PublishConnection.State.BROKEN;
    c.brokenSinceNanos = System.nanoTime();
    closeQuietly(c);
  }

  private void reconnectBroken(long now) {
    for (PublishConnection c : connections) {
      if (c.state == PublishConnection.State.BROKEN
          && now - c.brokenSinceNanos > RECONNECT_PAUSE_NANOS) {
        connect(c);
      } else if (c.state == PublishConnection.State.IN_FLIGHT
          && now - c.sentNanos > ANSWER_TIMEOUT_NANOS) {
        fail(c, "no answer within " + ANSWER_TIMEOUT_NANOS / 1_000_000 + " ms");
      }
    }
  }

  private void connect(PublishConnection c) {
    try {
      c.channel = SocketChannel.open();
      c.channel.configureBlocking(false);
      c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      c.state = PublishConnection.State.CONNECTING;
      if (c.channel.connect(server)) {
        c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
        c.state = PublishConnection.State.IDLE;
        idle.add(c);
      } else {
        c.key = c.channel.register(selector, SelectionKey.OP_CONNECT, c);
      }
    } catch (IOException e) {
      if (firstFailure == null) {
        firstFailure = "connect: " + e;
      }
      c.state = PublishConnection.State.BROKEN;
      c.brokenSinceNanos = System.nanoTime();
      closeQuietly(c);
    }
  }

  private static void closeQuietly(PublishConnection c) {
    try {
      if (c.channel != null) {
        c.channel.close();
      }
    } catch (IOException e) {
      // Best effort.
    }
  }

  @Override
  public void close() {
    for (PublishConnection c : connections) {
      closeQuietly(c);
    }
    try {
      selector.close();
    } catch (IOException e) {
      // Best effort.
    }
  }
}
