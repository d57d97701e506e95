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
  void aPayloadPublishedToHeraldAsJsonArrivesAsAStringAndStillDecodes() {
    byte[] payload = new byte[100];
    int n = Payload.encode(7, 123_456L, 100, payload, 0);
    byte[] head = Target.HERALD.publishHead("t", 18080, n, "a.b.c");
    byte[] tail = Target.HERALD.publishTail();
    String request =
        new String(head, StandardCharsets.US_ASCII)
            + new String(payload, 0, n, StandardCharsets.US_ASCII)
            + new String(tail, StandardCharsets.US_ASCII);
    assertTrue(request.contains("\r\nAuthorization: Bearer a.b.c\r\n"), request);
    assertTrue(request.contains("\r\nContent-Type: application/json\r\n"), request);
    String body = request.substring(request.indexOf("\r\n\r\n") + 4);
    assertTrue(request.contains("Content-Length: " + body.length() + "\r\n"), request);
    assertTrue(body.startsWith("{\"data\":\"7:123456:x") && body.endsWith("\"}"), body);
    // What Herald then sends on the data line: the event's data, a JSON string.
    byte[] line = body.substring(8, body.length() - 1).getBytes(StandardCharsets.US_ASCII);
    long[] decoded = new long[2];
    assertTrue(Payload.decode(line, 0, line.length, decoded));
    assertArrayEquals(new long[] {7, 123_456L}, decoded);
    assertEquals(0, Target.NCHAN.publishTail().length, "nchan takes the payload as it is");
  }

  @Test
  void rejectsOtherData() {
    byte[] json = "{\"topics\":[\"a\"]}".getBytes(StandardCharsets.US_ASCII);
    assertFalse(Payload.decode(json, 0, json.length, new long[2]));
    byte[] cut = "12:345".getBytes(StandardCharsets.US_ASCII);
    assertFalse(Payload.decode(cut, 0, cut.length, new long[2]));
  }
}
