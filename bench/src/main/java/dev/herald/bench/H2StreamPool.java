package dev.herald.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * SSE streams over HTTP/2 as a browser opens them: a few connections (one {@link HttpClient} each,
 * which keeps one HTTP/2 connection per server) with many streams on each. The first stream of a
 * connection is opened alone and awaited, so the client has its connection before the others ask
 * for one (concurrent first requests would each open a connection of their own).
 */
final class H2StreamPool implements H2Stream.Listener, AutoCloseable {
  private static final int CONNECTS_AT_ONCE = 10;

  private final ExecutorService executor;
  private final List<HttpClient> clients = new ArrayList<>();
  private final List<List<H2Stream>> streamsPerClient = new ArrayList<>();
  private final HttpRequest request;
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final Recorder latency = new Recorder(SubscriberLoop.MAX_LATENCY_MICROS, 3);
  private final AtomicLong lastDeliveryNanos = new AtomicLong();
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger endedByServer = new AtomicInteger();
  private final Set<H2Stream> heads = ConcurrentHashMap.newKeySet();
  private volatile CountDownLatch awaitingHead = new CountDownLatch(0);
  private volatile String firstError = "";
  private volatile boolean closing;

  /**
   * @param certificate the server's self-signed certificate (PEM), the only one trusted
   */
  H2StreamPool(Target target, int tlsPort, String topic, int connections, Path certificate)
      throws IOException, GeneralSecurityException {
    SSLContext tls = trusting(certificate);
    // One small pool for every client's callbacks, instead of a thread pool per client.
    executor = Executors.newFixedThreadPool(2, r -> daemon(r, "h2-streams"));
    for (int i = 0; i < connections; i++) {
      clients.add(
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_2)
              .sslContext(tls)
              .executor(executor)
              .connectTimeout(Duration.ofSeconds(30))
              .build());
      streamsPerClient.add(new ArrayList<>());
    }
    request =
        HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + tlsPort + target.subscribePath(topic)))
            .header("Accept", "text/event-stream")
            .header("Cache-Control", "no-cache")
            .build();
  }

  /** Opens streams until every connection has {@code perConnection}; waits for their heads. */
  boolean openUpTo(int perConnection, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int[] first = new int[clients.size()];
    int[] rest = new int[clients.size()];
    for (int c = 0; c < clients.size(); c++) {
      int have = streamsPerClient.get(c).size();
      first[c] = have == 0 && perConnection > 0 ? 1 : 0;
      rest[c] = Math.max(0, perConnection - have - first[c]);
    }
    // New connections a few at a time: a hundred TLS handshakes at once on a server's one core
    // (a fresh Liberty) outlast the connect timeout, which a browser's handful never meets.
    boolean settled = true;
    for (int from = 0; from < first.length; from += CONNECTS_AT_ONCE) {
      int[] batch = new int[first.length];
      System.arraycopy(first, from, batch, from, Math.min(CONNECTS_AT_ONCE, first.length - from));
      settled &= open(batch, deadline);
    }
    return settled & open(rest, deadline);
  }

  /** Opens {@code counts[c]} streams on connection c and waits (bounded) for every head. */
  private boolean open(int[] counts, long deadlineNanos) throws InterruptedException {
    int total = 0;
    for (int n : counts) {
      total += n;
    }
    CountDownLatch headed = new CountDownLatch(total);
    awaitingHead = headed;
    for (int c = 0; c < counts.length; c++) {
      for (int i = 0; i < counts[c]; i++) {
        H2Stream stream = new H2Stream(this);
        streamsPerClient.get(c).add(stream);
        heads.add(stream);
        clients
            .get(c)
            .sendAsync(request, stream)
            .whenComplete((response, error) -> ended(stream, error));
      }
    }
    return headed.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  @Override
  public void headed(H2Stream stream, int status, HttpClient.Version version) {
    if (!heads.remove(stream)) {
      return;
    }
    if (stream.accepted()) {
      connected.incrementAndGet();
    } else {
      failed(status == 200 ? "answered over " + version + ", not HTTP/2" : "HTTP " + status);
    }
    awaitingHead.countDown();
  }

  @Override
  public void delivered(long seq, long sendNanos, boolean duplicate) {
    long now = System.nanoTime();
    deliveries.increment();
    if (duplicate) {
      duplicates.increment();
    }
    lastDeliveryNanos.accumulateAndGet(now, Math::max);
    long micros = (now - sendNanos) / 1000;
    latency.recordValue(Math.max(0, Math.min(micros, SubscriberLoop.MAX_LATENCY_MICROS)));
  }

  /** A stream's end: before its head a failure to connect, after it a stream the server closed. */
  @Override
  public void ended(H2Stream stream, Throwable error) {
    if (!stream.markEnded()) {
      return;
    }
    if (heads.remove(stream)) {
      failed(error == null ? "ended before its head" : error.toString());
      awaitingHead.countDown();
    } else if (!closing && stream.accepted()) {
      endedByServer.incrementAndGet();
    }
  }

  private void failed(String reason) {
    failed.incrementAndGet();
    if (firstError.isEmpty()) {
      firstError = reason;
    }
  }

  int connections() {
    return clients.size();
  }

  /** Streams opened, connected (HTTP/2, 200), failed and ended by the server so far. */
  int opened() {
    return streamsPerClient.stream().mapToInt(List::size).sum();
  }

  int connected() {
    return connected.get();
  }

  int failed() {
    return failed.get();
  }

  int endedByServer() {
    return endedByServer.get();
  }

  /** Streams that connected and are still open: each should get every event. */
  int streaming() {
    return connected.get() - endedByServer.get();
  }

  String firstError() {
    return firstError;
  }

  long deliveries() {
    return deliveries.sum();
  }

  long duplicates() {
    return duplicates.sum();
  }

  long lastDeliveryNanos() {
    return lastDeliveryNanos.get();
  }

  /** Latency of the deliveries since the last call, in microseconds. */
  Histogram takeLatency() {
    return latency.getIntervalHistogram();
  }

  /** Events each open stream should have had ({@code published} of them) but did not get. */
  long missing(long published) {
    long missing = 0;
    for (List<H2Stream> streams : streamsPerClient) {
      for (H2Stream s : streams) {
        if (s.streaming()) {
          missing += Math.max(0, published - s.distinct());
        }
      }
    }
    return missing;
  }

  @Override
  public void close() {
    closing = true;
    streamsPerClient.forEach(streams -> streams.forEach(H2Stream::cancel));
    executor.shutdownNow();
  }

  private static SSLContext trusting(Path certificate)
      throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      trusted.setCertificateEntry(
          "bench", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
