package dev.herald.security;

import dev.herald.config.Cidr;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who a request comes from, for per-client limits: the authenticated principal when there is one,
 * else the client's address. Forwarding headers are believed only when the peer is a trusted proxy;
 * anyone else could write them to dodge a limit.
 */
public final class Clients {
  private Clients() {}

  public static String identify(HttpServletRequest request, List<Cidr> trustedProxies) {
    Principal p = request.getUserPrincipal();
    if (p != null) return "principal:" + p.getName();
    return "address:" + address(request, trustedProxies);
  }

  static String address(HttpServletRequest request, List<Cidr> trusted) {
    String peer = request.getRemoteAddr();
    if (!isTrusted(peer, trusted)) return peer;
    // Walk the chain from the nearest hop back; the first address no trusted proxy vouches for is
    // the client.
    List<String> chain = forwardedChain(request);
    for (int i = chain.size() - 1; i >= 0; i--) {
      String hop = chain.get(i);
      if (!isTrusted(hop, trusted)) return hop;
    }
    return chain.isEmpty() ? peer : chain.get(0);
  }

  /**
   * The origin the client addressed, for same-origin checks. Behind a trusted proxy it is the one
   * the proxy names ({@code Forwarded: proto=;host=}, else {@code X-Forwarded-Proto} and {@code
   * X-Forwarded-Host}, outermost first): a TLS proxy speaks plain HTTP to Herald, and nginx's
   * {@code $host} drops the port, so Herald's own view would make its pages foreign to it.
   */
  public static String origin(HttpServletRequest request, List<Cidr> trusted) {
    String scheme = request.getScheme();
    String host = host(request);
    if (isTrusted(request.getRemoteAddr(), trusted)) {
      String proto = forwarded(request, "proto", "X-Forwarded-Proto");
      if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https")))
        scheme = proto;
      String forwardedHost = forwarded(request, "host", "X-Forwarded-Host");
      if (forwardedHost != null && !forwardedHost.isEmpty()) host = forwardedHost;
    }
    return scheme.toLowerCase(Locale.ROOT) + "://" + host;
  }

  /** The host the client asked for. HTTP/2 has no Host header: the container reports :authority. */
  static String host(HttpServletRequest request) {
    String host = request.getHeader("Host");
    return host != null ? host : request.getServerName() + ":" + request.getServerPort();
  }

  /** A parameter of the first {@code Forwarded} element, else the first value of the X- header. */
  private static String forwarded(HttpServletRequest request, String parameter, String xHeader) {
    String forwarded = request.getHeader("Forwarded");
    if (forwarded != null) {
      for (String pair : forwarded.split(",")[0].split(";")) {
        String p = pair.trim();
        if (p.toLowerCase(Locale.ROOT).startsWith(parameter + "=")) {
          return unquote(p.substring(parameter.length() + 1));
        }
      }
      return null;
    }
    String x = request.getHeader(xHeader);
    return x == null ? null : x.split(",")[0].trim();
  }

  private static List<String> forwardedChain(HttpServletRequest request) {
    List<String> chain = new ArrayList<>();
    String forwarded = request.getHeader("Forwarded");
    if (forwarded != null) {
      for (String element : forwarded.split(",")) {
        for (String pair : element.split(";")) {
          String p = pair.trim();
          if (p.toLowerCase(Locale.ROOT).startsWith("for=")) chain.add(forNode(p.substring(4)));
        }
      }
      return chain;
    }
    String xff = request.getHeader("X-Forwarded-For");
    if (xff != null) {
      for (String hop : xff.split(",")) {
        if (!hop.isBlank()) chain.add(hop.trim());
      }
    }
    return chain;
  }

  /** RFC 7239 node: {@code 1.2.3.4}, {@code "1.2.3.4:80"} or {@code "[2001:db8::1]:80"}. */
  private static String forNode(String raw) {
    String v = unquote(raw);
    if (v.startsWith("[")) {
      int end = v.indexOf(']');
      return end > 0 ? v.substring(1, end) : v;
    }
    int colon = v.indexOf(':');
    return colon > 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
  }

  private static String unquote(String raw) {
    String v = raw.trim();
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }

  private static boolean isTrusted(String address, List<Cidr> trusted) {
    if (trusted.isEmpty() || address == null) return false;
    InetAddress a = Cidr.literal(address);
    if (a == null) return false;
    for (Cidr c : trusted) if (c.contains(a)) return true;
    return false;
  }
}
