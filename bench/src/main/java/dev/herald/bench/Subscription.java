package dev.herald.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.BitSet;

/**
 * One SSE subscriber of the load generator: its socket, the parsers that turn the response bytes
 * into payloads, and the sequence numbers it has seen (to count missing and duplicate events).
 * After a cut it can open again, as a browser would, sending the last event id it saw. Touched only
 * by the {@link SubscriberLoop} thread that owns it, until that thread has ended.
 */
final class Subscription implements SseDataScanner.DataListener {
  enum State {
    WAITING,
    CONNECTING,
    AWAITING_HEAD,
    STREAMING,
    CLOSED,
    FAILED
  }

  /** The n-th subscription its pool opened, from 0. */
  final int index;

  final int topic;
  final BitSet received = new BitSet();
  private final SubscriberLoop loop;
  private final SseDataScanner scanner = new SseDataScanner(this);

  State state = State.WAITING;
  SocketChannel channel;
  SelectionKey key;
  long startedNanos;
  ByteBuffer unsentRequest;

  /** Herald's {@code gap} events: it could not replay everything after the cursor. */
  int gaps;

  private ResponseHead head = new ResponseHead();
  private ChunkedDecoder chunks;

  Subscription(SubscriberLoop loop, int index, int topic) {
    this.loop = loop;
    this.index = index;
    this.topic = topic;
  }

  /** The id of the last event received, sent as {@code Last-Event-ID} when it opens again. */
  String lastEventId() {
    return scanner.lastEventId();
  }

  /** Ready to open again after its connection was closed; what it received is kept. */
  void reset() {
    state = State.WAITING;
    channel = null;
    key = null;
    unsentRequest = null;
    head = new ResponseHead();
    chunks = null;
    scanner.restart();
  }

  /** Parses what one read returned: the response head first, then the event stream. */
  void consume(byte[] bytes, int offset, int count) {
    int pos = offset;
    int end = offset + count;
    if (state == State.AWAITING_HEAD) {
      pos += head.feed(bytes, pos, end - pos);
      if (!head.complete()) {
        return;
      }
      if (head.status() != 200) {
        loop.failed(this, "HTTP " + head.status());
        return;
      }
      chunks = head.chunked() ? new ChunkedDecoder() : null;
      head = null; // only needed until the stream starts; saves memory at 18k connections
      loop.connected(this);
    }
    if (pos < end && state == State.STREAMING) {
      if (chunks == null) {
        scanner.accept(bytes, pos, end - pos);
      } else {
        chunks.feed(bytes, pos, end - pos, scanner);
        if (chunks.done()) {
          loop.closedByServer(this);
        }
      }
    }
  }

  @Override
  public void onData(byte[] line, int offset, int length) {
    loop.payload(this, line, offset, length);
  }

  @Override
  public void onEventType(byte[] line, int offset, int length) {
    if (length == 3 && line[offset] == 'g' && line[offset + 1] == 'a' && line[offset + 2] == 'p') {
      gaps++;
    }
  }
}
