package dev.herald.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP relay in front of Redis that, once armed, cuts the connection of the next matching answer
 * the moment it arrives: the command ran, and its client never hears. That is "Redis died after
 * running it, before answering", made repeatable.
 */
final class DroppingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final AtomicReference<String> armed = new AtomicReference<>();

  DroppingProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress("127.0.0.1", 0));
    Thread accept = new Thread(this::accept, "dropping-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /**
   * The next answer from Redis that contains {@code marker} (on any connection) is swallowed and
   * that connection cut.
   */
  void arm(String marker) {
    armed.set(marker);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket redis = new Socket("127.0.0.1", target);
        pipe(client, redis, false);
        pipe(redis, client, true);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pipe(Socket from, Socket to, boolean answers) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                  String marker = armed.get();
                  if (answers
                      && marker != null
                      && new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains(marker)
                      && armed.compareAndSet(marker, null)) {
                    from.close();
                    to.close();
                    return;
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // either side closed
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException e) {
                  // closing anyway
                }
              }
            },
            "dropping-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
