package dev.herald.stream;

import dev.herald.hub.Wire;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A stream written through an application's own JAX-RS {@link SseEventSink}: each of Herald's
 * frames becomes one {@link OutboundSseEvent}, sent on Herald's writer thread and waited for there
 * (RESTEasy's sends block on a slow client), never on a publishing thread. RESTEasy frames what it
 * is given in its own way; see the README for what differs from {@code /sse}.
 */
final class SinkWire implements Wire {
  private final SseEventSink sink;
  private final Sse sse;
  private final Consumer<Throwable> onEnd;
  private volatile Throwable failure;

  /**
   * @param onEnd told once, when the stream ends, why: the failed send's error, or {@code null}
   */
  SinkWire(SseEventSink sink, Sse sse, Consumer<Throwable> onEnd) {
    this.sink = sink;
    this.sse = sse;
    this.onEnd = onEnd;
  }

  @Override
  public void write(byte[] frame) throws IOException {
    try {
      sink.send(event(frame)).toCompletableFuture().join();
    } catch (CompletionException | IllegalStateException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      failure = cause;
      throw new IOException("the application's sink refused an event", cause);
    }
  }

  /** RESTEasy flushes every event it sends. */
  @Override
  public void flush() {}

  @Override
  public void close() {
    try {
      sink.close();
    } finally {
      onEnd.accept(failure);
    }
  }

  /** Herald's frame, spec-exact and with only LF line ends, as the event it encodes. */
  OutboundSseEvent event(byte[] frame) {
    OutboundSseEvent.Builder b = sse.newEventBuilder();
    String text = new String(frame, StandardCharsets.UTF_8);
    StringBuilder data = null;
    int start = 0;
    for (int end = text.indexOf('\n'); end > start; end = text.indexOf('\n', start)) {
      String line = text.substring(start, end);
      start = end + 1;
      if (line.startsWith(":")) {
        b.comment(line.substring(1).strip());
      } else if (line.startsWith("retry: ")) {
        b.reconnectDelay(Long.parseLong(line.substring(7)));
      } else if (line.startsWith("id: ")) {
        b.id(line.substring(4));
      } else if (line.startsWith("event: ")) {
        b.name(line.substring(7));
      } else if (line.startsWith("data: ")) {
        if (data == null) data = new StringBuilder();
        else data.append('\n');
        data.append(line, 6, line.length());
      }
    }
    if (data != null) b.mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, data.toString());
    return b.build();
  }
}
