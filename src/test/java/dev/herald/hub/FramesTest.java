package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramesTest {
  private static String frame(String type, String data) {
    return new String(Frames.event("5-1", type, data), StandardCharsets.UTF_8);
  }

  @Test
  void defaultTypeHasNoEventLine() {
    assertEquals("id: 5-1\ndata: hello\n\n", frame("message", "hello"));
  }

  @Test
  void namedTypeHasEventLine() {
    assertEquals("id: 5-1\nevent: update\ndata: {\"a\":1}\n\n", frame("update", "{\"a\":1}"));
  }

  @Test
  void everyLineBreakStartsADataLineAndBlankLinesSurvive() {
    assertEquals(
        "id: 5-1\ndata: a\ndata: \ndata: b\ndata: c\ndata: d\n\n", frame(null, "a\n\nb\rc\r\nd"));
  }

  @Test
  void loneCrAndTrailingBreak() {
    assertEquals("id: 5-1\ndata: x\ndata: \n\n", frame(null, "x\r"));
    assertEquals("id: 5-1\ndata: \ndata: \n\n", frame(null, "\r\n"));
  }

  @Test
  void emptyStringIsOneEmptyDataLine() {
    assertEquals("id: 5-1\ndata: \n\n", frame(null, ""));
  }

  @Test
  void leadingSpaceIsKeptBehindTheFieldSpace() {
    // A parser strips exactly one space after the colon, so this reads back as " two".
    assertEquals("id: 5-1\ndata:  two\n\n", frame(null, " two"));
  }

  @Test
  void nonAsciiIsUtf8() {
    byte[] f = Frames.event("1-0", null, "héllo ✓ 😀");
    assertArrayEquals("id: 1-0\ndata: héllo ✓ 😀\n\n".getBytes(StandardCharsets.UTF_8), f);
  }

  @Test
  void lineBreaksInIdOrTypeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Frames.event("1\nid: 9", null, "x"));
    assertThrows(IllegalArgumentException.class, () -> Frames.event("1-0", "a\rb", "x"));
    assertThrows(IllegalArgumentException.class, () -> Frames.event("1-0", "a\0", "x"));
  }

  @Test
  void openingCarriesRetryIdAndConnected() {
    assertEquals(
        "retry: 3000\nid: 0-0\nevent: connected\ndata: {}\n\n",
        new String(Frames.opening(3000, "0-0", "{}"), StandardCharsets.UTF_8));
  }

  @Test
  void heartbeatIsACommentAndBlankLine() {
    String hb = new String(Frames.heartbeat(), StandardCharsets.US_ASCII);
    assertEquals(':', hb.charAt(0));
    assertEquals("\n\n", hb.substring(hb.length() - 2));
  }
}
