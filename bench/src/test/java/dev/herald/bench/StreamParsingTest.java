package dev.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chunked decoder and SSE scanner together, fed in every possible split of the input. */
class StreamParsingTest {
  private static final String FRAMES =
      "retry: 3000\nid: 1-0\nevent: connected\ndata: {\"x\":1}\n\n"
          + ": hb\n\n"
          + "id: 2-0\ndata: 7:99:xxxx\n\n"
          + "id: 3-0\r\ndata:8:100:xx\r\n\r\n";

  @Test
  void findsDataLinesInAChunkedStreamSplitAnywhere() {
    byte[] wire = chunked(FRAMES, 13);
    for (int split = 1; split < wire.length; split++) {
      List<String> data = new ArrayList<>();
      ChunkedDecoder decoder = new ChunkedDecoder();
      SseDataScanner scanner =
          new SseDataScanner((b, o, l) -> data.add(new String(b, o, l, StandardCharsets.UTF_8)));
      decoder.feed(wire, 0, split, scanner);
      decoder.feed(wire, split, wire.length - split, scanner);
      assertEquals(List.of("{\"x\":1}", "7:99:xxxx", "8:100:xx"), data, "split at " + split);
      assertTrue(decoder.done());
    }
  }

  @Test
  void remembersTheIdOfTheLastCompleteEventAcrossARestart() {
    List<String> types = new ArrayList<>();
    SseDataScanner scanner =
        new SseDataScanner(
            new SseDataScanner.DataListener() {
              @Override
              public void onData(byte[] line, int offset, int length) {}

              @Override
              public void onEventType(byte[] line, int offset, int length) {
                types.add(new String(line, offset, length, StandardCharsets.UTF_8));
              }
            });
    assertEquals(null, scanner.lastEventId());
    feed(scanner, FRAMES);
    assertEquals("3-0", scanner.lastEventId());
    assertEquals(List.of("connected"), types);
    feed(scanner, "event: gap\ndata: {}\n\nid: 1796230713:4\ndata: x"); // cut mid-event
    assertEquals("3-0", scanner.lastEventId());
    assertEquals(List.of("connected", "gap"), types);
    scanner.restart();
    feed(scanner, "\n\n");
    assertEquals("3-0", scanner.lastEventId(), "an event cut short does not move the cursor");
    feed(scanner, "id: 1796230713:5\ndata: y\n\n");
    assertEquals("1796230713:5", scanner.lastEventId());
  }

  private static void feed(SseDataScanner scanner, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    scanner.accept(bytes, 0, bytes.length);
  }

  @Test
  void keepsOnlyTheStartOfLongLines() {
    List<Integer> lengths = new ArrayList<>();
    SseDataScanner scanner = new SseDataScanner((b, o, l) -> lengths.add(l));
    byte[] line = ("data: " + "y".repeat(500) + "\n").getBytes(StandardCharsets.US_ASCII);
    scanner.accept(line, 0, line.length);
    assertEquals(List.of(SseDataScanner.LINE_PREFIX - 6), lengths);
  }

  @Test
  void readsAResponseHeadAndStopsAtItsEnd() {
    byte[] bytes =
        ("HTTP/1.1 201 Created\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
            .getBytes(StandardCharsets.US_ASCII);
    ResponseHead head = new ResponseHead();
    int used = head.feed(bytes, 0, 10) + head.feed(bytes, 10, bytes.length - 10);
    assertEquals(bytes.length - 5, used);
    assertEquals(201, head.status());
    assertEquals(5, head.contentLength());
    assertTrue(head.closeAfter());
  }

  private static byte[] chunked(String body, int chunkSize) {
    StringBuilder wire = new StringBuilder();
    for (int i = 0; i < body.length(); i += chunkSize) {
      String part = body.substring(i, Math.min(body.length(), i + chunkSize));
      wire.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
    }
    wire.append("0\r\n\r\n");
    return wire.toString().getBytes(StandardCharsets.UTF_8);
  }
}
