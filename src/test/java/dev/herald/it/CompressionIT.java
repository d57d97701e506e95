package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.StandardServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Streams are never compressed, even on a server that compresses everything else (the standard
 * server compresses JSON): gzip held SSE frames back until the stream closed (Open Liberty issue
 * 31172).
 */
@ExtendWith(StandardServer.class)
class CompressionIT {
  private final HeraldServer server = StandardServer.get();

  @Test
  void streamsStayUncompressedAndPromptWhereOtherResponsesAreGzipped() throws Exception {
    // A large JSON answer (the ids of a 300-event batch) shows compression is on for the rest.
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 300; i++)
      batch.append(i == 0 ? "" : ",").append("{\"topic\":\"other\",\"data\":1}");
    HttpResponse<byte[]> other =
        Http.CLIENT.send(
            HttpRequest.newBuilder(server.uri("/api/events"))
                .header("Content-Type", "application/json")
                .header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(batch.append(']').toString()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(201, other.statusCode());
    assertEquals(
        "gzip",
        other.headers().firstValue("Content-Encoding").orElse(null),
        other.headers().toString());

    try (RawStream s =
        RawStream.open(server.uri("/sse/gzip"), Map.of("Accept-Encoding", "gzip, deflate, br"))) {
      assertEquals(200, s.status());
      assertNull(s.header("Content-Encoding"));
      s.await(e -> e.size() == 1, Duration.ofSeconds(5));
      long start = System.nanoTime();
      Http.publish(server, "gzip", null, "\"prompt\"");
      assertEquals("prompt", s.await(e -> e.size() == 2, Duration.ofSeconds(5)).get(1).data());
      // Prompt, not held back until the stream ends: well inside the 10 s stream lifetime here.
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }
  }
}
