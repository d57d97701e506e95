package dev.herald.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own count of open subscriptions: Herald's {@code herald-ready} health check reports
 * {@code connections}, nchan's {@code nchan_stub_status} page reports {@code subscribers}. Next to
 * the socket census it shows when the server itself has let go of a closed subscriber.
 */
final class ServerCount {
  private static final Pattern HERALD_COUNT = Pattern.compile("\"connections\"\\s*:\\s*(\\d+)");
  private static final Pattern NCHAN_COUNT = Pattern.compile("(?m)^subscribers:\\s*(\\d+)");
  private static final int TIMEOUT_MILLIS = 5000;

  private ServerCount() {}

  /** The count, or -1 when the target keeps none or the server did not answer. */
  static int subscribers(Target target, int port) {
    return switch (target) {
      case HERALD -> parse(HERALD_COUNT, get(port, "/health/ready"));
      case NCHAN -> parse(NCHAN_COUNT, get(port, "/nchan_status"));
      case BLASTER -> -1;
    };
  }

  static int parse(Pattern pattern, String body) {
    Matcher m = pattern.matcher(body);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** The whole response (head and body) of a GET, or "" on any failure. */
  private static String get(int port, String path) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      // HTTP/1.0 without keep-alive: the server closes after the body, so reading to EOF is safe.
      out.write(
          ("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
