package dev.herald.bench;

import java.nio.charset.StandardCharsets;

/** A server under test and the URL paths it uses for subscribing and publishing. */
enum Target {
  HERALD("/sse/", "/api/topics/", "/events"),
  NCHAN("/sub/", "/pub/", ""),
  /** The harness's own raw-socket SSE sender ({@link BlasterServer}), speaking Herald's paths. */
  BLASTER("/sse/", "/api/topics/", "/events");

  private final String subscribePrefix;
  private final String publishPrefix;
  private final String publishSuffix;

  Target(String subscribePrefix, String publishPrefix, String publishSuffix) {
    this.subscribePrefix = subscribePrefix;
    this.publishPrefix = publishPrefix;
    this.publishSuffix = publishSuffix;
  }

  static Target parse(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The complete request that opens an event stream on one topic. */
  byte[] subscribeRequest(String topic, int port) {
    String request =
        "GET "
            + subscribePrefix
            + topic
            + " HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n";
    return request.getBytes(StandardCharsets.US_ASCII);
  }

  /** The head of a publish request; the payload of {@code contentLength} bytes follows it. */
  byte[] publishHead(String topic, int port, int contentLength) {
    String head =
        "POST "
            + publishPrefix
            + topic
            + publishSuffix
            + " HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + "\r\nContent-Type: text/plain\r\nContent-Length: "
            + contentLength
            + "\r\n\r\n";
    return head.getBytes(StandardCharsets.US_ASCII);
  }
}
