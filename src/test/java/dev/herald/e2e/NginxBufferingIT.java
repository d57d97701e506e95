package dev.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.testing.Http;
import dev.herald.testing.RawStream;
import dev.herald.testing.StandardServer;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The common misconfiguration: a bare {@code proxy_pass} location, buffering on, HTTP/1.0 to the
 * upstream. Herald's {@code X-Accel-Buffering: no} keeps its events prompt anyway; a location told
 * to ignore that header shows what it saves them from.
 */
@ExtendWith(StandardServer.class)
class NginxBufferingIT {
  private static final Duration PROMPT = Duration.ofSeconds(1);
  private static Nginx nginx;

  @BeforeAll
  static void startNginx() {
    int herald = StandardServer.get().port();
    nginx =
        Nginx.start(
            "buffering",
            Nginx.Site.own(
                    String.join(
                        "\n",
                        "server {",
                        "  listen 8080;",
                        "  location / { proxy_pass http://127.0.0.1:" + herald + "; }",
                        "  location /ignoring/ {",
                        "    proxy_pass http://127.0.0.1:" + herald + "/;",
                        "    proxy_ignore_headers X-Accel-Buffering;",
                        "  }",
                        "}",
                        ""))
                .listen("http", "8080;"));
  }

  @AfterAll
  static void stopNginx() {
    if (nginx != null) nginx.close();
  }

  @Test
  void eventsStayPromptBehindABufferingProxy() throws Exception {
    String topic = "nginx/" + UUID.randomUUID();
    try (RawStream s = RawStream.open(nginx.uri("http", "/sse/" + topic))) {
      assertEquals(200, s.status());
      s.awaitCount(1, Duration.ofSeconds(5));
      for (int i = 1; i <= 3; i++) {
        Http.publish(StandardServer.get(), topic, null, String.valueOf(i));
        s.awaitCount(1 + i, PROMPT);
      }
    }
  }

  @Test
  void withoutTheHeaderTheSameProxyHoldsEventsBack() throws Exception {
    String topic = "nginx/" + UUID.randomUUID();
    String before = Http.publish(StandardServer.get(), topic, null, "1");
    Http.publish(StandardServer.get(), topic, "held", "2");
    // Resuming after the first event, Herald sends the second the moment the stream opens.
    try (Socket socket = new Socket("127.0.0.1", nginx.port("http"))) {
      socket.setSoTimeout((int) PROMPT.toMillis());
      String request =
          "GET /ignoring/sse/"
              + topic
              + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nLast-Event-ID: "
              + before
              + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      // Not even the status line: nginx holds the whole response until its buffer fills.
      assertThrows(SocketTimeoutException.class, in::read);
    }
  }
}
