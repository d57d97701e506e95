package dev.herald.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.BitSet;

/**
 * One SSE connection of the load generator: its socket, the parsers that turn the response bytes
 * into payloads, and the sequence numbers it has seen (to count missing and duplicate events).
 * Touched only by the {@link SubscriberLoop} thread that owns it, until that thread has ended.
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

  final int topic;
  final BitSet received = new BitSet();
  private final SubscriberLoop loop;
  private final SseDataScanner scanner = new SseDataScanner(this);

  State state = State.WAITING;
  SocketChannel channel;
  SelectionKey key;
  long startedNanos;
  ByteBuffer unsentRequest;
  private ResponseHead head = new ResponseHead();
  private ChunkedDecoder chunks;

  Subscription(SubscriberLoop loop, int topic) {
    this.loop = loop;
    this.topic = topic;
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
}
