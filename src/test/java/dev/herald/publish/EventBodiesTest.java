package dev.herald.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.api.Problem;
import dev.herald.hub.Draft;
import dev.herald.hub.EventData;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBodiesTest {
  private static Draft single(String json) {
    return EventBodies.single("t", EventBodies.parse(json.getBytes(UTF_8)), 20);
  }

  private static Problem refused(Runnable r) {
    return assertThrows(Problem.class, r::run);
  }

  @Test
  void jsonDataIsKeptAsCompactJsonStringsIncluded() {
    assertEquals(
        new Draft("t", "update", EventData.json("{\"a\":[1,2]}")),
        single("{\"type\":\"update\",\"data\":{ \"a\" : [1, 2] }}"));
    assertEquals(
        new Draft("t", "message", EventData.json("\"a\\nb\"")), single("{\"data\":\"a\\nb\"}"));
    assertEquals(new Draft("t", "message", EventData.json("null")), single("{\"data\":null}"));
    assertEquals(
        new Draft("t", "message", EventData.json("true")), single("{\"data\":true, \"extra\": 1}"));
  }

  @Test
  void onlyHeraldsOwnFeedsAreLiveOnly() {
    assertTrue(
        EventBodies.single("t", EventBodies.parse("{\"data\":1}".getBytes(UTF_8)), 20).retained());
    assertFalse(
        EventBodies.single("herald/x", EventBodies.parse("{\"data\":1}".getBytes(UTF_8)), 20)
            .retained());
  }

  @Test
  void badBodiesNameTheField() {
    assertTrue(refused(() -> single("{\"type\":\"x\"}")).detail().contains("data"));
    assertTrue(refused(() -> single("{\"data\":1,\"type\":5}")).detail().contains("type"));
    assertTrue(refused(() -> single("{\"data\":1,\"type\":\"gap\"}")).detail().contains("type"));
    assertEquals(400, refused(() -> single("[1]")).status());
    assertEquals(400, refused(() -> single("{\"data\":1} trailing")).status());
    assertEquals(400, refused(() -> single("{\"data\":")).status());
    assertEquals(400, refused(() -> single("")).status());
  }

  @Test
  void deepNestingAndInvalidUtf8AreBadRequestsNotFaults() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    Problem p = refused(() -> EventBodies.parse(deep.getBytes(UTF_8)));
    assertEquals(400, p.status());
    assertTrue(p.detail().contains("deeper than 64"), p.detail());
    String ok = "{\"data\":" + "[".repeat(63) + "]".repeat(63) + "}";
    assertEquals(64, ok.chars().filter(c -> c == '[' || c == '{').count());
    EventBodies.parse(ok.getBytes(UTF_8));
    // Brackets inside strings are only text.
    EventBodies.parse(("{\"data\":\"" + "[".repeat(1000) + "\\\"\"}").getBytes(UTF_8));
    byte[] invalid = {
      '{', '"', 'd', 'a', 't', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
    };
    assertEquals(
        "invalid-encoding", refused(() -> EventBodies.parse(invalid)).type().substring(28));
    assertEquals(
        400, refused(() -> Bodies.decode("text/plain", new byte[] {(byte) 0xFF})).status());
  }

  @Test
  void dataOverTheLimitIs413() {
    // Counted as the JSON published, quotes included.
    assertEquals(413, refused(() -> single("{\"data\":\"" + "x".repeat(19) + "\"}")).status());
    assertEquals(
        EventData.json("\"" + "x".repeat(18) + "\""),
        single("{\"data\":\"" + "x".repeat(18) + "\"}").data());
    // Counted in UTF-8 bytes: 2 + 7 × 3 bytes, where 9 characters fit.
    assertEquals(413, refused(() -> single("{\"data\":\"" + "✓".repeat(7) + "\"}")).status());
  }

  @Test
  void batchesAreCheckedWhole() {
    List<Draft> ok =
        EventBodies.batch(
            EventBodies.parse(
                "[{\"topic\":\"a\",\"data\":1},{\"topic\":\"b/c\",\"type\":\"x\",\"data\":\"s\"}]"
                    .getBytes(UTF_8)),
            10,
            100);
    assertEquals(
        List.of(
            new Draft("a", "message", EventData.json("1")),
            new Draft("b/c", "x", EventData.json("\"s\""))),
        ok);
    Problem p =
        refused(
            () ->
                EventBodies.batch(
                    EventBodies.parse(
                        "[{\"topic\":\"a\",\"data\":1},{\"topic\":\"a//b\",\"data\":1}]"
                            .getBytes(UTF_8)),
                    10,
                    100));
    assertTrue(p.detail().startsWith("[1].topic"), p.detail());
    assertEquals(
        400,
        refused(() -> EventBodies.batch(EventBodies.parse("[]".getBytes(UTF_8)), 10, 100))
            .status());
    assertEquals(
        400,
        refused(
                () ->
                    EventBodies.batch(EventBodies.parse("[{\"data\":1}]".getBytes(UTF_8)), 10, 100))
            .status());
    assertEquals(
        400,
        refused(() -> EventBodies.batch(EventBodies.parse("{}".getBytes(UTF_8)), 10, 100))
            .status());
    String three =
        "[{\"topic\":\"a\",\"data\":1},{\"topic\":\"a\",\"data\":1},{\"topic\":\"a\",\"data\":1}]";
    assertEquals(
        400,
        refused(() -> EventBodies.batch(EventBodies.parse(three.getBytes(UTF_8)), 2, 100))
            .status());
  }
}
