package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.StandardServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/** {@code /openapi} describes every endpoint Herald serves, and each answers where it says. */
@ExtendWith(StandardServer.class)
class OpenApiIT {
  private static final Map<String, Set<String>> ENDPOINTS =
      Map.of(
          "/sse/{topic}", Set.of("get"),
          "/sse", Set.of("get"),
          "/api/topics/{topic}/events", Set.of("post", "get"),
          "/api/events", Set.of("post", "get"),
          "/api/admin/drain", Set.of("post"));

  private static Map<?, ?> document() {
    HttpResponse<String> r = Http.get(StandardServer.get().uri("/openapi"));
    assertEquals(200, r.statusCode());
    return new Yaml().load(r.body());
  }

  @Test
  void everyEndpointIsDescribedWithItsProblems() {
    Map<?, ?> paths = (Map<?, ?>) document().get("paths");
    assertEquals(ENDPOINTS.keySet(), paths.keySet());
    ENDPOINTS.forEach(
        (path, methods) -> {
          Map<?, ?> described = (Map<?, ?>) paths.get(path);
          assertEquals(methods, described.keySet(), path);
          for (String method : methods) {
            Map<?, ?> operation = (Map<?, ?>) described.get(method);
            Map<?, ?> responses = (Map<?, ?>) operation.get("responses");
            assertTrue(responses.keySet().stream().anyMatch(k -> k.toString().startsWith("2")));
            assertTrue(responses.containsKey("403"), method + " " + path + " documents no refusal");
          }
        });
  }

  @Test
  void theDocumentPassesLibertysValidation() {
    assertTrue(
        !StandardServer.get().messagesLog().contains("CWWKO1650E"),
        "Liberty found the OpenAPI document invalid");
  }

  @Test
  void eachDescribedEndpointIsServed() {
    var server = StandardServer.get();
    for (var e : ENDPOINTS.entrySet()) {
      for (String method : e.getValue()) assertServed(server, e.getKey(), method);
    }
  }

  /** Answered by its own code, with a bad request it refuses at once: never a 404. */
  private static void assertServed(HeraldServer server, String described, String method) {
    String path = described.replace("{topic}", "openapi/check");
    if (path.equals("/api/admin/drain")) {
      // Served, but refused from anywhere not local: proved without draining the shared server.
      HttpResponse<String> r =
          Http.send(
              HttpRequest.newBuilder(server.uri(path))
                  .header("X-Forwarded-For", "203.0.113.9")
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build());
      assertEquals(403, r.statusCode(), r.body());
      return;
    }
    String query = path.equals("/sse") ? "?topic=a" : "";
    if (method.equals("get") && path.startsWith("/api/")) {
      query = (path.equals("/api/events") ? "?topic=a&" : "?") + "wait=soon";
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri(path + query)).timeout(Duration.ofSeconds(5));
    if (method.equals("post")) {
      b.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(path.endsWith("events") ? "[]" : "{}"));
    } else if (path.startsWith("/sse")) {
      b.header("Accept", "application/json"); // answered 406 at once rather than streamed
    }
    int status = Http.send(b.build()).statusCode();
    assertTrue(Set.of(400, 406).contains(status), method + " " + path + " answered " + status);
  }

  @Test
  void theUiIsServed() throws Exception {
    // HTTP/1.1 as browsers speak it to a plain-HTTP port: Liberty's UI never answers a request
    // that asks to upgrade to h2c, as Java's client does by default.
    HttpResponse<String> r =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(StandardServer.get().uri("/openapi/ui/"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(
        List.of(r.body().toLowerCase().split("\n")).stream().anyMatch(l -> l.contains("<html")));
  }
}
