package dev.herald.security;

import dev.herald.api.Problem;
import dev.herald.api.ProblemResponses;
import dev.herald.config.HeraldConfig;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.util.Set;

/**
 * Cross-origin requests from the origins {@code herald.cors.allowed-origins} names, with
 * credentials (a token cookie): every answer to them carries the CORS headers, problems and streams
 * included, and preflights are answered here. A request from any other foreign origin is refused,
 * as a browser would send it the user's cookie; herald.js, being public, is served to any origin
 * without credentials. Declared in web.xml, which runs it before the token check.
 */
public class CorsFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String ALLOWED_HEADERS =
      "Last-Event-ID, Authorization, Content-Type, Idempotency-Key";
  static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
  private static final String EXPOSED = "Retry-After, WWW-Authenticate";
  private static final String MAX_AGE_SECONDS = "600";
  private static final Set<String> PUBLIC_FILES =
      Set.of("/herald.js", "/herald.mjs", "/herald.d.ts");

  @Inject transient HeraldConfig config;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    // Every answer may differ by Origin: no cache may hand one origin's answer to another.
    response.addHeader("Vary", "Origin");
    String origin = request.getHeader("Origin");
    // A page served by Herald itself, directly or through a trusted proxy, needs no CORS.
    if (origin == null
        || origin.equalsIgnoreCase(Clients.origin(request, config.trustedProxies()))) {
      chain.doFilter(request, response);
      return;
    }
    // herald.js is public: any page may import the module (module scripts are always fetched
    // with CORS), and no cookie rides along, so nothing is refused.
    if (PUBLIC_FILES.contains(request.getServletPath() + nullToEmpty(request.getPathInfo()))) {
      response.setHeader("Access-Control-Allow-Origin", "*");
      chain.doFilter(request, response);
      return;
    }
    if (!config.corsAllowedOrigins().contains(origin)) {
      ProblemResponses.write(
          response,
          Problem.of(
              Status.FORBIDDEN,
              "origin-not-allowed",
              "origin '" + origin + "' is not allowed (herald.cors.allowed-origins)"));
      return;
    }
    response.setHeader("Access-Control-Allow-Origin", origin);
    response.setHeader("Access-Control-Allow-Credentials", "true");
    if (request.getMethod().equals("OPTIONS")
        && request.getHeader("Access-Control-Request-Method") != null) {
      response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
      response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      response.setHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
      response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      return;
    }
    response.setHeader("Access-Control-Expose-Headers", EXPOSED);
    chain.doFilter(request, response);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
