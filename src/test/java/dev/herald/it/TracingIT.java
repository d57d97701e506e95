package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Await;
import dev.herald.testing.Http;
import dev.herald.testing.QuietServer;
import dev.herald.testing.RawStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With tracing on (standard {@code otel.*} keys), each publish request has one span carrying the
 * ids it published; delivering to streams makes no spans.
 */
@ExtendWith(QuietServer.class)
class TracingIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  /** The exporter's lines for spans named {@code name...} of requests to {@code topic}. */
  private static long spans(String log, String name, String topic) {
    return log.lines()
        .filter(l -> l.contains("LoggingSpanExporter") && l.contains(" '" + name))
        .filter(l -> l.contains("url.path=/") && l.contains(topic))
        .count();
  }

  @Test
  void aPublishSpanCarriesItsEventIdAndDeliveriesMakeNoSpans() throws Exception {
    var server = QuietServer.get();
    String topic = "tracing/" + UUID.randomUUID();
    String id = Http.publish(server, topic, "traced", "1");
    // The exporter prints attributes in hash order, which changes with how many the span has: the
    // id may be followed by another attribute or end the map.
    Pattern attribute = Pattern.compile(Pattern.quote("herald.event.id=" + id) + "[,}]");
    Await.polling(
        "the span of " + id,
        WAIT,
        Duration.ofMillis(200),
        () -> attribute.matcher(server.messagesLog()).find());
    List<RawStream> streams = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) streams.add(RawStream.open(server.uri("/sse/" + topic)));
      for (RawStream s : streams) s.awaitCount(1, WAIT);
      for (int i = 0; i < 4; i++) Http.publish(server, topic, "traced", String.valueOf(i));
      for (RawStream s : streams) s.awaitCount(5, WAIT);
    } finally {
      for (RawStream s : streams) s.close();
    }
    // Five publishes and twelve deliveries on three streams: five spans and three, one a stream.
    Await.polling(
        "the publish and stream spans",
        WAIT,
        Duration.ofMillis(200),
        () -> {
          String log = server.messagesLog();
          return spans(log, "POST", topic) >= 5 && spans(log, "GET /sse", topic) >= 3;
        });
    String log = server.messagesLog();
    assertEquals(5, spans(log, "POST", topic));
    assertEquals(3, spans(log, "GET /sse", topic));
    assertTrue(log.contains("herald.repeated=false"));
  }

  @Test
  void theAuditLineSaysWhoPublishedWhatWhereButNeverTheData() {
    var server = QuietServer.get();
    String topic = "audit/" + UUID.randomUUID();
    String id = Http.publish(server, topic, "audited", "\"a-private-payload\"");
    server.awaitLog(
        "Published 1 event(s) " + id + " to [" + topic + "] for address:127.0.0.1", WAIT);
    assertTrue(!server.messagesLog().contains("a-private-payload"), "a payload reached the log");
  }
}
