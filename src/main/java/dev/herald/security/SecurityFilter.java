package dev.herald.security;

import dev.herald.api.Problem;
import dev.herald.api.ProblemResponses;
import dev.herald.config.HeraldConfig;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.security.Principal;

/**
 * Reads a bearer token from {@code Authorization: Bearer} or, failing that, from the token cookie
 * (a browser's {@code EventSource} cannot set headers), never from the query string (it leaks into
 * access logs). A verified token's caller rides on the request, which names its subject as the
 * principal so the per-client limits count it; a token that does not verify is a 401 at once. A
 * servlet filter, because {@code GET /sse} is a servlet that JAX-RS filters never see; declared in
 * web.xml, after the CORS filter.
 */
public class SecurityFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String BEARER = "Bearer";

  @Inject transient HeraldConfig config;
  @Inject transient Tokens tokens;
  @Inject transient Rejections rejections;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String header = request.getHeader("Authorization");
    String token = null;
    boolean fromCookie = false;
    if (header != null && header.regionMatches(true, 0, BEARER + " ", 0, BEARER.length() + 1)) {
      token = header.substring(BEARER.length() + 1).strip();
    } else if (header == null) {
      token = cookie(request);
      fromCookie = token != null;
    }
    if (token == null) {
      chain.doFilter(request, response);
      return;
    }
    Caller caller;
    try {
      TokenVerifier verifier = tokens.verifier();
      if (verifier == null) throw new TokenRejected("this Herald has no key to verify tokens with");
      caller = verifier.verify(token, fromCookie);
    } catch (TokenRejected r) {
      Problem refused = invalidToken(r.getMessage());
      if (isStream(request)) rejections.stream(request, refused);
      ProblemResponses.write(response, refused);
      return;
    }
    request.setAttribute(Caller.ATTRIBUTE, caller);
    chain.doFilter(new CallerRequest(request, caller), response);
  }

  private static boolean isStream(HttpServletRequest request) {
    String path = request.getServletPath();
    return path.equals("/sse") || path.startsWith("/sse/");
  }

  private String cookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) return null;
    for (Cookie c : cookies) {
      if (c.getName().equals(config.jwtTokenCookie()) && !c.getValue().isEmpty())
        return c.getValue();
    }
    return null;
  }

  static Problem invalidToken(String detail) {
    return Problem.of(Status.UNAUTHORIZED, "invalid-token", detail)
        .challenge(BEARER + " error=\"invalid_token\"");
  }

  /** The request as the endpoints see it: its principal is the token's subject. */
  private static final class CallerRequest extends HttpServletRequestWrapper {
    private final Principal principal;

    CallerRequest(HttpServletRequest request, Caller caller) {
      super(request);
      this.principal = caller::subject;
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public String getAuthType() {
      return BEARER;
    }
  }
}
