package dev.herald.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to a Herald server, as a publisher would make them. */
public final class Http {
  public static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  public static HttpResponse<String> post(URI uri, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(15))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) b.header("Content-Type", contentType);
    return send(b.build());
  }

  public static HttpResponse<String> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).build());
  }

  public static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Publishes JSON data to a topic and returns the event id, failing unless the answer is 201. */
  public static String publish(HeraldServer server, String topic, String type, String dataJson) {
    String body =
        type == null
            ? "{\"data\":" + dataJson + "}"
            : "{\"type\":\"" + type + "\",\"data\":" + dataJson + "}";
    HttpResponse<String> r =
        post(server.uri("/api/topics/" + topic + "/events"), "application/json", body);
    if (r.statusCode() != 201)
      throw new AssertionError("publish answered " + r.statusCode() + ": " + r.body());
    return json(r.body()).getString("id");
  }

  public static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
