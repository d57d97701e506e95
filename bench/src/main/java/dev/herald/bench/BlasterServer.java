package dev.herald.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The calibration peer: a trivial SSE sender on one thread that speaks Herald's paths. A publish is
 * encoded once into a chunked SSE frame and written straight to every subscriber's socket, with no
 * history, ids, heartbeats or validation. Measured with the same generator, it shows what the
 * generator can take when the server side costs next to nothing.
 */
final class BlasterServer {
  private static final int MAX_PENDING_FRAMES = 100_000;
  private static final byte[] STREAM_HEAD =
      ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n"
              + "6\r\n: ok\n\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CREATED =
      "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOT_FOUND =
      "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** One accepted connection: a subscriber once it asked for a stream, else a publisher. */
  private static final class Connection {
    final SocketChannel channel;
    final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    SelectionKey key;
    byte[] in = new byte[4096];
    int inLength;
    String topic;

    Connection(SocketChannel channel) {
      this.channel = channel;
    }
  }

  private final Map<String, List<Connection>> subscribers = new HashMap<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
  private Selector selector;
  private long nextId;

  /** Serves on 127.0.0.1:port until the process is stopped or {@code maxSeconds} have passed. */
  void serve(int port, long maxSeconds) throws IOException {
    selector = Selector.open();
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress("127.0.0.1", port), 4096);
      listener.configureBlocking(false);
      listener.register(selector, SelectionKey.OP_ACCEPT);
      System.out.println("blaster listening on 127.0.0.1:" + port);
      long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
      while (System.nanoTime() < deadline) {
        selector.select(this::ready, 1000);
      }
    }
  }

  private void ready(SelectionKey key) {
    try {
      if (!key.isValid()) {
        return;
      }
      if (key.isAcceptable()) {
        accept((ServerSocketChannel) key.channel());
        return;
      }
      Connection c = (Connection) key.attachment();
      if (key.isWritable()) {
        drain(c);
      }
      if (key.isValid() && key.isReadable()) {
        read(c);
      }
    } catch (IOException | RuntimeException e) {
      if (key.attachment() instanceof Connection c) {
        drop(c);
      }
    }
  }

  private void accept(ServerSocketChannel listener) throws IOException {
    SocketChannel channel;
    while ((channel = listener.accept()) != null) {
      channel.configureBlocking(false);
      Connection c = new Connection(channel);
      c.key = channel.register(selector, SelectionKey.OP_READ, c);
    }
  }

  private void read(Connection c) throws IOException {
    readBuffer.clear();
    int n = c.channel.read(readBuffer);
    if (n < 0) {
      drop(c);
      return;
    }
    if (c.topic != null) {
      return; // subscribers send nothing after their request
    }
    if (c.inLength + n > c.in.length) {
      c.in = java.util.Arrays.copyOf(c.in, Math.max(c.in.length * 2, c.inLength + n));
    }
    System.arraycopy(readBuffer.array(), 0, c.in, c.inLength, n);
    c.inLength += n;
    int consumed;
    while (c.topic == null && (consumed = handleRequest(c)) > 0) {
      System.arraycopy(c.in, consumed, c.in, 0, c.inLength - consumed);
      c.inLength -= consumed;
    }
  }

  /** Handles one complete request at the start of the input; returns its length, or 0. */
  private int handleRequest(Connection c) throws IOException {
    int headEnd = indexOf(c.in, c.inLength, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (headEnd < 0) {
      return 0;
    }
    String head = new String(c.in, 0, headEnd, StandardCharsets.ISO_8859_1);
    String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
    int bodyLength = contentLength(head);
    int total = headEnd + 4 + bodyLength;
    if (c.inLength < total) {
      return 0;
    }
    String method = requestLine[0];
    String path = requestLine[1];
    if (method.equals("GET") && path.startsWith("/sse/")) {
      c.topic = path.substring("/sse/".length());
      subscribers.computeIfAbsent(c.topic, t -> new ArrayList<>()).add(c);
      send(c, ByteBuffer.wrap(STREAM_HEAD));
    } else if (method.equals("POST")
        && path.startsWith("/api/topics/")
        && path.endsWith("/events")) {
      String topic = path.substring("/api/topics/".length(), path.length() - "/events".length());
      send(c, ByteBuffer.wrap(CREATED));
      fanOut(topic, c.in, headEnd + 4, bodyLength);
    } else {
      send(c, ByteBuffer.wrap(NOT_FOUND));
    }
    return total;
  }

  private void fanOut(String topic, byte[] body, int offset, int length) {
    List<Connection> list = subscribers.get(topic);
    if (list == null || list.isEmpty()) {
      return;
    }
    byte[] prefix = ("id: " + ++nextId + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
    int frameLength = prefix.length + length + 2;
    byte[] size = (Integer.toHexString(frameLength) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer frame = ByteBuffer.allocate(size.length + frameLength + 2);
    frame.put(size).put(prefix).put(body, offset, length).put((byte) '\n').put((byte) '\n');
    frame.put((byte) '\r').put((byte) '\n').flip();
    for (Connection s : new ArrayList<>(list)) {
      send(s, frame.duplicate());
    }
  }

  private void send(Connection c, ByteBuffer bytes) {
    try {
      if (c.pending.isEmpty()) {
        c.channel.write(bytes);
        if (!bytes.hasRemaining()) {
          return;
        }
      }
      if (c.pending.size() >= MAX_PENDING_FRAMES) {
        drop(c); // a reader this far behind is gone for good
        return;
      }
      c.pending.add(bytes);
      c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    } catch (IOException e) {
      drop(c);
    }
  }

  private void drain(Connection c) throws IOException {
    while (!c.pending.isEmpty()) {
      ByteBuffer head = c.pending.peek();
      c.channel.write(head);
      if (head.hasRemaining()) {
        return;
      }
      c.pending.poll();
    }
    c.key.interestOps(SelectionKey.OP_READ);
  }

  private void drop(Connection c) {
    if (c.topic != null) {
      List<Connection> list = subscribers.get(c.topic);
      if (list != null) {
        list.remove(c);
      }
    }
    c.pending.clear();
    try {
      c.channel.close();
    } catch (IOException e) {
      // Best effort.
    }
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  private static int indexOf(byte[] bytes, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
