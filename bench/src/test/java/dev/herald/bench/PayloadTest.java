package dev.herald.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTest {
  @Test
  void roundTripsSequenceAndNegativeSendTime() {
    byte[] out = new byte[200];
    int n = Payload.encode(42, -123_456_789_012L, 100, out, 0);
    assertEquals(100, n);
    assertTrue(new String(out, 0, n, StandardCharsets.US_ASCII).startsWith("42:-123456789012:x"));
    long[] decoded = new long[2];
    assertTrue(Payload.decode(out, 0, n, decoded));
    assertArrayEquals(new long[] {42, -123_456_789_012L}, decoded);
  }

  @Test
  void sizeNeverCutsTheNumbers() {
    byte[] out = new byte[100];
    int n = Payload.encode(Integer.MAX_VALUE, Long.MAX_VALUE, 10, out, 0);
    assertTrue(n <= Payload.maxLength(10));
    long[] decoded = new long[2];
    assertTrue(Payload.decode(out, 0, n, decoded));
    assertEquals(Long.MAX_VALUE, decoded[1]);
  }

  @Test
  void rejectsOtherData() {
    byte[] json = "{\"topics\":[\"a\"]}".getBytes(StandardCharsets.US_ASCII);
    assertFalse(Payload.decode(json, 0, json.length, new long[2]));
    byte[] cut = "12:345".getBytes(StandardCharsets.US_ASCII);
    assertFalse(Payload.decode(cut, 0, cut.length, new long[2]));
  }
}
