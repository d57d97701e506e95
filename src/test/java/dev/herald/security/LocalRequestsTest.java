package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.testing.ServletFakes;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalRequestsTest {
  /** peer, Host, one more header (name=value, or none), local? */
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, localhost:9080, none, true",
    "127.0.0.1, none, none, true",
    "127.0.0.1, localhost, none, true",
    "127.0.0.1, 127.0.0.1:9080, none, true",
    "::1, [::1]:9080, none, true",
    "127.0.0.2, LOCALHOST:9080, none, true",
    "127.0.0.1, localhost:9080, Origin=http://localhost:9080, true",
    "127.0.0.1, localhost:9080, Origin=http://evil.example, false",
    "127.0.0.1, localhost:9080, Origin=null, false",
    "127.0.0.1, evil.example, none, false",
    "127.0.0.1, localhost.evil.example, none, false",
    "127.0.0.1, localhost:abc, none, false",
    "10.0.0.5, localhost:9080, none, false",
    "127.0.0.1, localhost:9080, X-Forwarded-For=203.0.113.5, false",
    "127.0.0.1, localhost:9080, X-Forwarded-Host=example.com, false",
    "127.0.0.1, localhost:9080, Forwarded=for=203.0.113.5, false",
    "127.0.0.1, localhost:9080, Via=1.1 proxy, false",
    "127.0.0.1, localhost:9080, X-Real-IP=203.0.113.5, false",
    "127.0.0.1, localhost:9080, CF-Connecting-IP=203.0.113.5, false",
  })
  void localMeansThisHostDirectlyToLocalhost(
      String peer, String host, String extra, boolean local) {
    // No Host at all: HTTP/2, where the container names the server the client asked for.
    Map<String, String> headers =
        new HashMap<>(host.equals("none") ? Map.of() : Map.of("Host", host));
    if (!extra.equals("none")) {
      int eq = extra.indexOf('=');
      headers.put(extra.substring(0, eq), extra.substring(eq + 1));
    }
    assertEquals(local, LocalRequests.isLocal(ServletFakes.request(peer, headers, null)));
  }
}
