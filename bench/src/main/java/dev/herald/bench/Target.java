package dev.herald.bench;

import java.nio.charset.StandardCharsets;

/**
 * A server under test: the URL paths it uses for subscribing and publishing, and the body a publish
 * carries. Herald is published to as its users do, with a JSON event and (when the run has one) a
 * bearer token; nchan and the trivial sender take the payload as it is.
 */
enum Target {
  HERALD("/sse/", "/api/topics/", "/events", "application/json", "{\"data\":\"", "\"}"),
  NCHAN("/sub/", "/pub/", "", "text/plain", "", ""),
  /** The harness's own raw-socket SSE sender ({@link BlasterServer}), speaking Herald's paths. */
  BLASTER("/sse/", "/api/topics/", "/events", "text/plain", "", "");

  private final String subscribePrefix;
  private final String publishPrefix;
  private final String publishSuffix;
  private final String contentType;
  private final String bodyBefore;
  private final byte[] bodyAfter;

  Target(
      String subscribePrefix,
      String publishPrefix,
      String publishSuffix,
      String contentType,
      String bodyBefore,
      String bodyAfter) {
    this.subscribePrefix = subscribePrefix;
    this.publishPrefix = publishPrefix;
    this.publishSuffix = publishSuffix;
    this.contentType = contentType;
    this.bodyBefore = bodyBefore;
    this.bodyAfter = bodyAfter.getBytes(StandardCharsets.US_ASCII);
  }

  static Target parse(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The path of a topic's event stream. */
  String subscribePath(String topic) {
    return subscribePrefix + topic;
  }

  /** The complete request that opens an event stream on one topic. */
  byte[] subscribeRequest(String topic, int port) {
    return subscribeRequest(topic, port, null);
  }

  /** The same, resuming after {@code lastEventId} (both servers read the header) unless null. */
  byte[] subscribeRequest(String topic, int port, String lastEventId) {
    String request =
        "GET "
            + subscribePath(topic)
            + " HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + (lastEventId == null ? "" : "\r\nLast-Event-ID: " + lastEventId)
            + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n";
    return request.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A publish request up to its payload: the head and the start of the body; the payload of {@code
   * payloadLength} bytes and then {@link #publishTail()} follow it.
   *
   * @param token a bearer token to send, or empty for none
   */
  byte[] publishHead(String topic, int port, int payloadLength, String token) {
    String head =
        "POST "
            + publishPrefix
            + topic
            + publishSuffix
            + " HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + (token.isEmpty() ? "" : "\r\nAuthorization: Bearer " + token)
            + "\r\nContent-Type: "
            + contentType
            + "\r\nContent-Length: "
            + (bodyBefore.length() + payloadLength + bodyAfter.length)
            + "\r\n\r\n"
            + bodyBefore;
    return head.getBytes(StandardCharsets.US_ASCII);
  }

  /** What follows the payload in a publish request's body. */
  byte[] publishTail() {
    return bodyAfter.clone();
  }
}
