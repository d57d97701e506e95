package dev.herald.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a web server that can play a proxy during a deploy: it can cut every
 * relayed connection, and while shut it answers each new one {@code 502 Bad Gateway}, counting
 * them, so a test can tell a client that backs off from one that storms.
 */
final class Gate implements AutoCloseable {
  private static final byte[] BAD_GATEWAY =
      ("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 22\r\n"
              + "Connection: close\r\n\r\n<h1>502 deploying</h1>")
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket listener;
  private final int target;
  private final Set<Socket> relayed = ConcurrentHashMap.newKeySet();
  private final AtomicInteger badGateways = new AtomicInteger();
  private volatile boolean shut;

  Gate(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress("127.0.0.1", 0));
    Thread accept = new Thread(this::accept, "gate");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Cuts what is open and answers 502 from now on. */
  void shut() {
    shut = true;
    for (Socket s : relayed) closeQuietly(s);
  }

  void open() {
    shut = false;
  }

  /** Cuts what is open, as a proxy restarting does, and goes on relaying new connections. */
  void cut() {
    for (Socket s : relayed) closeQuietly(s);
  }

  /** Connections answered 502 so far. */
  int badGateways() {
    return badGateways.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (shut) {
          badGateway(client);
          continue;
        }
        Socket server = new Socket("127.0.0.1", target);
        relayed.add(client);
        relayed.add(server);
        pipe(client, server);
        pipe(server, client);
      } catch (IOException e) {
        if (listener.isClosed()) return;
      }
    }
  }

  private void badGateway(Socket client) {
    badGateways.incrementAndGet();
    Thread t =
        new Thread(
            () -> {
              try (client) {
                // Read the request head first, as a proxy would, so the client sees an answer.
                InputStream in = client.getInputStream();
                int state = 0;
                for (int b; state < 4 && (b = in.read()) >= 0; ) {
                  state = (b == '\r' || b == '\n') ? state + 1 : 0;
                }
                client.getOutputStream().write(BAD_GATEWAY);
              } catch (IOException e) {
                // the client left first
              }
            },
            "gate-502");
    t.setDaemon(true);
    t.start();
  }

  private void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side went away; the finally ends the other
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "gate-pipe");
    t.setDaemon(true);
    t.start();
  }

  private void closeQuietly(Socket s) {
    relayed.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : relayed) closeQuietly(s);
  }
}
