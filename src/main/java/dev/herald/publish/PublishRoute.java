package dev.herald.publish;

import dev.herald.api.Problem;
import dev.herald.api.ProblemResponses;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /api/topics/{topic}/events}, answered here rather than by JAX-RS: one publish per
 * request is what most publishers send, and JAX-RS's dispatch (matching, parameter injection, the
 * entity and its writer, response filters) cost as much as everything else the request does
 * (docs/performance-analysis.md). The rules are {@link Publishing}'s, shared with the batch route.
 * Every other request on its path (the long-polls) goes on to JAX-RS untouched.
 *
 * <p>A filter, because a servlet on this path would have to forward the long-polls, and a forwarded
 * request that suspends hangs on an HTTP/2 (h2c) connection in Liberty. Registered at startup after
 * every filter declared or added before it, the container's tracing filter included, so a publish
 * still has its span and passes Herald's CORS and token filters first.
 */
public class PublishRoute extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(PublishRoute.class.getName());
  private static final String PREFIX = "/api/topics/";
  private static final String SUFFIX = "/events";
  private static final String ALLOW = "GET, HEAD, POST, OPTIONS";

  @Inject transient Publishing publishing;

  /** Adds the route once the container's own filters are in place. */
  @WebListener
  public static class Registration implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent e) {
      FilterRegistration.Dynamic route =
          e.getServletContext().addFilter("herald-publish", PublishRoute.class);
      route.setAsyncSupported(true);
      route.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, PREFIX + "*");
    }
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!isPublishPath(request)) {
      chain.doFilter(request, response);
      return;
    }
    // The path's methods are this route's to name, since JAX-RS no longer sees its POST.
    switch (request.getMethod()) {
      case "POST" -> publish(request, response);
      case "GET", "HEAD" -> chain.doFilter(request, response);
      case "OPTIONS" -> {
        response.setHeader("Allow", ALLOW);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      }
      default -> {
        response.setHeader("Allow", ALLOW);
        ProblemResponses.write(
            response,
            Problem.of(
                Status.METHOD_NOT_ALLOWED,
                "http-405",
                "events are published with POST and polled with GET"));
      }
    }
  }

  private void publish(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      Publishing.Answer a = publishing.one(request);
      byte[] json = a.json().getBytes(StandardCharsets.UTF_8);
      response.setStatus(a.status());
      response.setContentType("application/json");
      response.setContentLength(json.length);
      response.getOutputStream().write(json);
    } catch (Problem p) {
      ProblemResponses.write(response, p);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Unexpected error answering a publish", e);
      ProblemResponses.write(response, Problem.internal());
    }
  }

  /**
   * The path as sent: the container's decoded, normalised path would turn a topic of {@code
   * a/%2E%2E} into no topic at all, where the topic rule must see it and refuse it.
   */
  private static boolean isPublishPath(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith(PREFIX)
        && path.endsWith(SUFFIX)
        && path.length() > PREFIX.length() + SUFFIX.length();
  }
}
