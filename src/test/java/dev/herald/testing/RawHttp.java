package dev.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket, bytes exactly as given: for requests no well-behaved
 * client would send (raw control characters, invalid UTF-8, oversized headers).
 */
public final class RawHttp {
  /** The answer: status, headers by lower-case name, and the body as text. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  /**
   * Sends the request head (CRLF line ends; {@code Host}, unless the head has one, {@code
   * Connection: close} and {@code Content-Length} added) and body, and reads the answer until the
   * server closes the connection.
   */
  public static Answer exchange(int port, String head, byte[] body) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("localhost", port), 5_000);
      s.setSoTimeout(10_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write(head.getBytes(StandardCharsets.ISO_8859_1));
      request.write(
          ("Host: localhost:"
                  + port
                  + "\r\nConnection: close\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      request.write(body);
      s.getOutputStream().write(request.toByteArray());
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      String status = RawStream.line(in);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String l = RawStream.line(in); !l.isEmpty(); l = RawStream.line(in)) {
        int colon = l.indexOf(':');
        headers.put(
            l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
      }
      // Read the body as framed: the server may keep the connection open after it, whatever the
      // request said.
      String length = headers.get("content-length");
      boolean stream = String.valueOf(headers.get("content-type")).startsWith("text/event-stream");
      byte[] rest =
          stream
              ? new byte[0] // an open stream has no end to read to
              : "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
                  ? new RawStream.Dechunked(in).readAllBytes()
                  : length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
      String text = new String(rest, StandardCharsets.UTF_8);
      return new Answer(Integer.parseInt(status.split(" ")[1]), headers, text);
    }
  }
}
