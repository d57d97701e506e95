package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.SocketFleet;
import dev.herald.testing.StandardServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The connection count stays exact through churn and abrupt disconnects. */
@ExtendWith(StandardServer.class)
class ConnectionCountIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final HeraldServer server = StandardServer.get();

  @BeforeEach
  void startFromNothing() {
    server.awaitConnections(0, WAIT);
  }

  @Test
  void aThousandAbruptlyDroppedClientsAreNoticedWithinAFewHeartbeats() throws Exception {
    try (SocketFleet fleet = SocketFleet.open(server.uri("/sse/dead/ones"), 1000)) {
      fleet.awaitOpened(WAIT);
      assertEquals(1000, server.connections());
      fleet.abort();
    }
    // Dead peers are only noticed on a write: the heartbeats (1 s here) are those writes.
    server.awaitConnections(0, Duration.ofSeconds(10));
  }

  @Test
  void tenThousandConnectDisconnectCyclesFromManyThreadsLeaveTheCountAtZero() throws Exception {
    int threads = 16;
    int cycles = 10_000 / threads;
    byte[] request =
        "GET /sse/churn HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(
          pool.submit(
              () -> {
                int opened = 0;
                for (int i = 0; i < cycles; i++) {
                  try (Socket s = new Socket("localhost", server.port())) {
                    s.setSoTimeout(10_000);
                    OutputStream out = s.getOutputStream();
                    out.write(request);
                    InputStream in = s.getInputStream();
                    // Read up to the opening event: the stream exists on the server by then.
                    byte[] buf = new byte[4096];
                    StringBuilder seen = new StringBuilder();
                    while (seen.indexOf("event: connected") < 0) {
                      int n = in.read(buf);
                      if (n < 0) break;
                      seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    if (seen.indexOf("event: connected") >= 0) opened++;
                    if (i % 2 == 0) s.setSoLinger(true, 0); // half end with a reset, half with FIN
                  }
                }
                return opened;
              }));
    }
    int opened = 0;
    for (Future<Integer> f : done) opened += f.get(5, TimeUnit.MINUTES);
    pool.shutdown();
    assertEquals(threads * cycles, opened);
    server.awaitConnections(0, WAIT);
  }
}
