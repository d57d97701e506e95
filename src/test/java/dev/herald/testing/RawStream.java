package dev.herald.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An SSE subscription over a plain socket: the exact bytes Herald sends, de-chunked, read on a
 * thread of its own and parsed as a browser would.
 */
public final class RawStream implements AutoCloseable {
  private final Socket socket;
  private final SseParser parser = new SseParser();
  private final StringBuilder body = new StringBuilder();
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final long openedNanos = System.nanoTime();
  private volatile long firstBytesNanos;
  private int status;
  private boolean ended;

  private RawStream(Socket socket) {
    this.socket = socket;
  }

  public static RawStream open(URI uri) throws IOException {
    return open(uri, Map.of());
  }

  /** Sends {@code GET} with the given extra headers and reads the status line and headers. */
  public static RawStream open(URI uri, Map<String, String> extraHeaders) throws IOException {
    return open(uri, extraHeaders, null);
  }

  /**
   * As {@link #open(URI, Map)}, from a chosen local address (any 127.x.y.z on Linux), so a test can
   * play several hosts — a client and a trusted proxy, say.
   */
  public static RawStream open(URI uri, Map<String, String> extraHeaders, String localAddress)
      throws IOException {
    Socket socket = new Socket();
    if (localAddress != null) socket.bind(new InetSocketAddress(localAddress, 0));
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
    socket.setSoTimeout(30_000);
    RawStream s = new RawStream(socket);
    StringBuilder req = new StringBuilder();
    req.append("GET ").append(uri.getRawPath());
    if (uri.getRawQuery() != null) req.append('?').append(uri.getRawQuery());
    req.append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort());
    req.append("\r\nAccept: text/event-stream\r\n");
    extraHeaders.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    req.append("\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(req.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    InputStream in = new BufferedInputStream(socket.getInputStream());
    s.readHead(in);
    String length = s.header("content-length");
    InputStream content =
        "chunked".equalsIgnoreCase(s.header("transfer-encoding"))
            ? new Dechunked(in)
            : length != null
                ? new java.io.ByteArrayInputStream(in.readNBytes(Integer.parseInt(length)))
                : in;
    Thread reader = new Thread(() -> s.pump(content), "raw-stream-reader");
    reader.setDaemon(true);
    reader.start();
    return s;
  }

  private void readHead(InputStream in) throws IOException {
    String statusLine = line(in);
    firstBytesNanos = System.nanoTime();
    status = Integer.parseInt(statusLine.split(" ")[1]);
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      headers.put(
          l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
  }

  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new IOException("connection closed");
      if (c != '\r') b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private void pump(InputStream content) {
    char[] buf = new char[8192];
    try (Reader r = new InputStreamReader(content, StandardCharsets.UTF_8)) {
      for (int n = r.read(buf); n >= 0; n = r.read(buf)) {
        String chunk = new String(buf, 0, n);
        parser.accept(chunk);
        synchronized (this) {
          body.append(chunk);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // closed by us or by the server
    }
    synchronized (this) {
      ended = true;
      notifyAll();
    }
  }

  public int status() {
    return status;
  }

  /** A response header, by lower-case name. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  public Duration timeToHeaders() {
    return Duration.ofNanos(firstBytesNanos - openedNanos);
  }

  public synchronized String body() {
    return body.toString();
  }

  public List<SseEvent> events() {
    return parser.events();
  }

  /** How many events have arrived; cheap, unlike {@link #events()}, for streams of thousands. */
  public int eventCount() {
    return parser.count();
  }

  /** The response body so far when the status was not 200 (a problem document). */
  public String errorBody(Duration timeout) throws InterruptedException {
    awaitEnd(timeout);
    return body();
  }

  public SseParser parser() {
    return parser;
  }

  /** Waits until the events so far satisfy the condition, or fails after the timeout. */
  public synchronized List<SseEvent> await(Predicate<List<SseEvent>> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(parser.events())) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || ended && !condition.test(parser.events())) {
        throw new AssertionError(
            (ended ? "stream ended" : "timed out") + "; body so far:\n" + body);
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, 100_000_000));
    }
    return parser.events();
  }

  /** Waits until {@code n} events have arrived. */
  public synchronized void awaitCount(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (parser.count() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || ended) {
        throw new AssertionError(
            (ended ? "stream ended" : "timed out")
                + " after "
                + parser.count()
                + " of "
                + n
                + " events");
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, 100_000_000));
    }
  }

  /** Waits until the body text satisfies the condition. */
  public synchronized String awaitBody(Predicate<String> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(body.toString())) {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new AssertionError("timed out; body so far:\n" + body);
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return body.toString();
  }

  /** Waits until the server ends the stream. */
  public synchronized boolean awaitEnd(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** HTTP/1.1 chunked transfer coding, undone. */
  static final class Dechunked extends InputStream {
    private final InputStream in;
    private int left;
    private boolean done;

    Dechunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) return -1;
      if (left == 0) {
        String size = line(in);
        if (size.isEmpty()) size = line(in); // CRLF after the previous chunk
        left = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (left == 0) {
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, Math.min(len, left));
      if (n < 0) throw new IOException("connection closed inside a chunk");
      left -= n;
      return n;
    }
  }
}
