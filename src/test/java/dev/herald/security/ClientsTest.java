package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.config.Cidr;
import dev.herald.testing.ServletFakes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientsTest {
  private static final List<Cidr> PROXY = List.of(Cidr.parse("10.0.0.0/8"));

  private static HttpServletRequest request(String peer, Map<String, String> headers, String user) {
    return ServletFakes.request(peer, headers, user);
  }

  @Test
  void untrustedPeersAreTheClientWhateverTheySay() {
    assertEquals(
        "address:203.0.113.9",
        Clients.identify(
            request("203.0.113.9", Map.of("X-Forwarded-For", "1.1.1.1"), null), PROXY));
    assertEquals(
        "address:10.0.0.5",
        Clients.identify(
            request("10.0.0.5", Map.of("X-Forwarded-For", "1.1.1.1"), null), List.of()));
  }

  @Test
  void trustedProxiesNameTheClientNearestHopFirst() {
    assertEquals(
        "address:198.51.100.7",
        Clients.identify(
            request("10.0.0.5", Map.of("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.0.0.9"), null),
            PROXY));
    assertEquals(
        "address:2001:db8::1",
        Clients.identify(
            request(
                "10.0.0.5", Map.of("Forwarded", "for=\"[2001:db8::1]:4711\";proto=https"), null),
            PROXY));
    assertEquals(
        "address:192.0.2.60",
        Clients.identify(
            request(
                "10.0.0.5", Map.of("Forwarded", "for=192.0.2.60;proto=http, for=10.1.1.1"), null),
            PROXY));
    assertEquals("address:10.0.0.5", Clients.identify(request("10.0.0.5", Map.of(), null), PROXY));
  }

  @Test
  void theOriginIsTheOneTheClientAddressedThroughTrustedProxiesOnly() {
    Map<String, String> tls = Map.of("Host", "herald.example", "X-Forwarded-Proto", "https");
    assertEquals(
        "https://herald.example:8443",
        Clients.origin(
            request(
                "10.0.0.5",
                Map.of(
                    "Host", "herald.example",
                    "X-Forwarded-Proto", "https, http",
                    "X-Forwarded-Host", "herald.example:8443"),
                null),
            PROXY));
    assertEquals("https://herald.example", Clients.origin(request("10.0.0.5", tls, null), PROXY));
    assertEquals(
        "https://herald.example",
        Clients.origin(
            request(
                "10.0.0.5",
                Map.of(
                    "Host", "internal:9080",
                    "Forwarded",
                        "for=192.0.2.60;proto=https;host=\"herald.example\", for=10.1.1.1"),
                null),
            PROXY));
    assertEquals("http://herald.example", Clients.origin(request("203.0.113.9", tls, null), PROXY));
    assertEquals(
        "http://herald.example",
        Clients.origin(
            request(
                "10.0.0.5", Map.of("Host", "herald.example", "X-Forwarded-Proto", "gopher"), null),
            PROXY));
    assertEquals(
        "http://localhost:9080", Clients.origin(request("10.0.0.5", Map.of(), null), PROXY));
  }

  @Test
  void anAuthenticatedPrincipalIsTheClient() {
    assertEquals(
        "principal:alice", Clients.identify(request("203.0.113.9", Map.of(), "alice"), PROXY));
  }
}
