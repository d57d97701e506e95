package dev.herald.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * One SSE stream on an HTTP/2 connection, as {@link java.net.http.HttpClient} hands it over: the
 * response head through {@link #apply}, then the body as buffers in arbitrary pieces, which the
 * same {@link SseDataScanner} as the HTTP/1.1 subscribers turns into payloads. The client calls a
 * stream's methods one at a time (Flow's rule), though not always on the same thread, so what they
 * share with the reporting thread is guarded by the stream's lock.
 */
final class H2Stream
    implements HttpResponse.BodyHandler<Void>,
        Flow.Subscriber<List<ByteBuffer>>,
        SseDataScanner.DataListener {
  /** Where a stream reports: its head, each payload it decoded, and its end. */
  interface Listener {
    void headed(H2Stream stream, int status, HttpClient.Version version);

    void delivered(long seq, long sendNanos, boolean duplicate);

    void ended(H2Stream stream, Throwable error);
  }

  private final Listener listener;
  private final SseDataScanner scanner = new SseDataScanner(this);
  private final long[] decoded = new long[2];
  private final BitSet received = new BitSet();
  private byte[] copy = new byte[4096];
  private Flow.Subscription subscription;
  private volatile boolean accepted;
  private boolean ended;

  H2Stream(Listener listener) {
    this.listener = listener;
  }

  @Override
  public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
    accepted = info.statusCode() == 200 && info.version() == HttpClient.Version.HTTP_2;
    listener.headed(this, info.statusCode(), info.version());
    return HttpResponse.BodySubscribers.fromSubscriber(this);
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(
        Long.MAX_VALUE); // parsing keeps up; a browser's EventSource does not hold back either
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer b : buffers) {
      int n = b.remaining();
      if (b.hasArray()) {
        scanner.accept(b.array(), b.arrayOffset() + b.position(), n);
      } else {
        if (copy.length < n) {
          copy = new byte[n];
        }
        b.get(copy, 0, n);
        scanner.accept(copy, 0, n);
      }
    }
  }

  @Override
  public void onData(byte[] line, int offset, int length) {
    if (!Payload.decode(line, offset, length, decoded) || decoded[0] > Integer.MAX_VALUE) {
      return; // Herald's "connected" event, a comment, anything that is not a benchmark payload
    }
    int seq = (int) decoded[0];
    boolean duplicate = received.get(seq);
    received.set(seq);
    listener.delivered(seq, decoded[1], duplicate);
  }

  @Override
  public void onError(Throwable error) {
    listener.ended(this, error);
  }

  @Override
  public void onComplete() {
    listener.ended(this, null);
  }

  /** Whether the server answered 200 over HTTP/2, i.e. the stream counts as connected. */
  boolean accepted() {
    return accepted;
  }

  /** True the first time only: the body's end and the response future's end both report it. */
  synchronized boolean markEnded() {
    boolean first = !ended;
    ended = true;
    return first;
  }

  /** Accepted and not ended: a stream that should receive every event. */
  synchronized boolean streaming() {
    return accepted && !ended;
  }

  /** Distinct events received so far. */
  synchronized int distinct() {
    return received.cardinality();
  }

  /** Ends the stream from this side (RST_STREAM), as a browser closing its EventSource. */
  synchronized void cancel() {
    if (subscription != null) {
      subscription.cancel();
    }
  }
}
