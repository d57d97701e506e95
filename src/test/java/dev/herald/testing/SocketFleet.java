package dev.herald.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Many SSE subscriptions on one selector thread: enough sockets to load a server without a thread
 * each. It records when each stream opened (its {@code connected} event arrived) and when it ended.
 */
public final class SocketFleet implements AutoCloseable {
  private static final byte[] CONNECTED = "event: connected".getBytes(StandardCharsets.US_ASCII);

  private final Selector selector;
  private final List<Member> members = new ArrayList<>();
  private final Thread reader;
  private volatile boolean running = true;

  private static final class Member {
    final SocketChannel channel;
    final StringBuilder head = new StringBuilder();
    volatile long openedNanos;
    volatile long endedNanos;

    Member(SocketChannel channel) {
      this.channel = channel;
    }
  }

  private SocketFleet(Selector selector) {
    this.selector = selector;
    this.reader = new Thread(this::readLoop, "socket-fleet");
    reader.setDaemon(true);
  }

  /** Opens {@code count} subscriptions to {@code uri}. */
  public static SocketFleet open(URI uri, int count) throws IOException {
    SocketFleet fleet = new SocketFleet(Selector.open());
    String request =
        "GET "
            + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
            + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n";
    for (int i = 0; i < count; i++) {
      SocketChannel c = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
      c.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      c.configureBlocking(false);
      Member m = new Member(c);
      fleet.members.add(m);
      c.register(fleet.selector, SelectionKey.OP_READ, m);
    }
    fleet.reader.start();
    return fleet;
  }

  private void readLoop() {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    try {
      while (running) {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          Member m = (Member) key.attachment();
          buf.clear();
          int n;
          try {
            n = m.channel.read(buf);
          } catch (IOException e) {
            n = -1;
          }
          if (n < 0) {
            m.endedNanos = System.nanoTime();
            key.cancel();
            closeQuietly(m.channel);
          } else if (m.openedNanos == 0) {
            m.head.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
            if (m.head.indexOf(new String(CONNECTED, StandardCharsets.US_ASCII)) >= 0) {
              m.openedNanos = System.nanoTime();
              m.head.setLength(0);
            }
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (java.nio.channels.ClosedSelectorException closedMeanwhile) {
      // close() ran while a select was under way: the fleet is done.
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until every stream has received its opening frame. */
  public void awaitOpened(Duration timeout) throws InterruptedException {
    awaitAll(m -> m.openedNanos != 0, timeout, "opened");
  }

  /** Waits until the server has ended every stream; returns the end times (nanoTime). */
  public List<Long> awaitEnded(Duration timeout) throws InterruptedException {
    awaitAll(m -> m.endedNanos != 0, timeout, "ended");
    return members.stream().map(m -> m.endedNanos).toList();
  }

  private void awaitAll(java.util.function.Predicate<Member> done, Duration timeout, String what) {
    // Flags set by the selector thread, which tells no one: look every 20 ms.
    Await.polling(
        "all " + members.size() + " streams " + what,
        timeout,
        Duration.ofMillis(20),
        () -> members.stream().allMatch(done));
  }

  /** Drops every connection with a TCP reset, as a crashed client or a pulled cable would. */
  public void abort() throws IOException {
    running = false;
    for (Member m : members) {
      m.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      closeQuietly(m.channel);
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    for (Member m : members) closeQuietly(m.channel);
    selector.close();
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
