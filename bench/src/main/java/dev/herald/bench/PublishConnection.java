package dev.herald.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One keep-alive HTTP/1.1 connection of the publisher, with at most one request in flight. */
final class PublishConnection {
  enum State {
    CONNECTING,
    IDLE,
    IN_FLIGHT,
    BROKEN
  }

  final ResponseHead head = new ResponseHead();
  final ChunkedDecoder chunks = new ChunkedDecoder();
  final ByteBuffer request;

  State state = State.BROKEN;
  SocketChannel channel;
  SelectionKey key;
  int topic;
  long sentNanos;
  long bodyRemaining;
  long brokenSinceNanos;

  PublishConnection(int maxRequestBytes) {
    request = ByteBuffer.allocate(maxRequestBytes);
  }

  /** Ready for the next response: head and body parsers back to their start. */
  void resetResponse() {
    head.reset();
    chunks.reset();
    bodyRemaining = 0;
  }
}
