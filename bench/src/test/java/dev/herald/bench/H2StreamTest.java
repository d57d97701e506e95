package dev.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An HTTP/2 stream's body arrives as buffers cut anywhere; the payloads must come out whole. */
class H2StreamTest {
  private static final String BODY =
      "event: connected\ndata: {\"x\":1}\n\n"
          + "id: 1\ndata: \"0:1000:xxxx\"\n\n"
          + ": heartbeat\n\n"
          + "id: 2\r\ndata: 1:2000:xx\r\n\r\n"
          + "data: 1:3000:xx\n\n";

  private static final class Recording implements H2Stream.Listener {
    final List<String> deliveries = new ArrayList<>();

    @Override
    public void headed(H2Stream stream, int status, HttpClient.Version version) {}

    @Override
    public void delivered(long seq, long sendNanos, boolean duplicate) {
      deliveries.add(seq + "@" + sendNanos + (duplicate ? " again" : ""));
    }

    @Override
    public void ended(H2Stream stream, Throwable error) {}
  }

  @Test
  void decodesPayloadsFromBuffersSplitAnywhere() {
    byte[] wire = BODY.getBytes(StandardCharsets.US_ASCII);
    for (int a = 1; a < wire.length - 1; a += 3) {
      for (int b = a + 1; b < wire.length; b += 5) {
        Recording listener = new Recording();
        H2Stream stream = new H2Stream(listener);
        // One buffer backed by an array at an offset, one direct: the client hands over both.
        ByteBuffer first = ByteBuffer.wrap(wire, 0, a).slice();
        ByteBuffer second = ByteBuffer.allocateDirect(b - a).put(wire, a, b - a).flip();
        stream.onNext(List.of(first, second));
        stream.onNext(List.of(ByteBuffer.wrap(wire, b, wire.length - b)));
        assertEquals(
            List.of("0@1000", "1@2000", "1@3000 again"),
            listener.deliveries,
            "split " + a + "/" + b);
        assertEquals(2, stream.distinct());
      }
    }
  }

  @Test
  void reportsItsEndOnce() {
    H2Stream stream = new H2Stream(new Recording());
    assertTrue(stream.markEnded());
    assertFalse(stream.markEnded());
    assertFalse(stream.streaming());
  }
}
