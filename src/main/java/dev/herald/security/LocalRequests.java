package dev.herald.security;

import dev.herald.config.Cidr;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * "This request was made on this host, by something on this host": the one rule behind anonymous
 * publishing and the drain endpoint. A loopback peer alone is not enough: a proxy on the same host
 * forwards anyone, and a web page in a developer's browser (or one reached by DNS rebinding) can
 * send requests to localhost. So: a loopback peer, no forwarding header of any proxy, any Origin
 * the server's own, and a Host that is localhost or a loopback literal.
 */
public final class LocalRequests {
  private static final List<String> FORWARDING =
      List.of("forwarded", "via", "x-real-ip", "cf-connecting-ip", "true-client-ip");

  private LocalRequests() {}

  public static boolean isLocal(HttpServletRequest request) {
    InetAddress peer = Cidr.literal(request.getRemoteAddr());
    if (peer == null || !peer.isLoopbackAddress()) return false;
    for (String name : Collections.list(request.getHeaderNames())) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.startsWith("x-forwarded-") || FORWARDING.contains(n)) return false;
    }
    if (!loopbackHost(Clients.host(request))) return false;
    String origin = request.getHeader("Origin");
    return origin == null || origin.equalsIgnoreCase(Clients.origin(request, List.of()));
  }

  /** {@code localhost}, {@code 127.0.0.1} or {@code [::1]}, with or without a port. */
  private static boolean loopbackHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close < 0) return false;
      InetAddress a = Cidr.literal(h.substring(1, close));
      return a != null && a.isLoopbackAddress() && validPort(h.substring(close + 1));
    }
    int colon = h.indexOf(':');
    String name = colon < 0 ? h : h.substring(0, colon);
    if (colon >= 0 && !validPort(h.substring(colon))) return false;
    if (name.equals("localhost")) return true;
    InetAddress a = Cidr.literal(name);
    return a != null && a.isLoopbackAddress();
  }

  private static boolean validPort(String rest) {
    return rest.isEmpty() || rest.matches(":[0-9]{1,5}");
  }
}
