package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Counts the TCP connections a server still holds on its port, from {@code /proc/net/tcp} and
 * {@code tcp6}: every socket whose local port is the server's, except the listener and TIME_WAIT.
 * CLOSE_WAIT counts: a peer that left, whose socket the server has not closed yet. This works the
 * same for Herald and nchan, without asking either.
 */
final class SocketCensus {
  private static final String LISTEN = "0A";
  private static final String TIME_WAIT = "06";

  private SocketCensus() {}

  static int held(int port) {
    return count(Path.of("/proc/net/tcp"), port) + count(Path.of("/proc/net/tcp6"), port);
  }

  private static int count(Path table, int port) {
    List<String> lines;
    try {
      lines = Files.readAllLines(table);
    } catch (IOException e) {
      return 0;
    }
    int held = 0;
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).trim().split("\\s+");
      if (f.length < 4) {
        continue;
      }
      String local = f[1];
      int localPort = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
      if (localPort == port && !f[3].equals(LISTEN) && !f[3].equals(TIME_WAIT)) {
        held++;
      }
    }
    return held;
  }
}
