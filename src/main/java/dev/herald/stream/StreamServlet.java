package dev.herald.stream;

import dev.herald.api.Problem;
import dev.herald.api.ProblemResponses;
import dev.herald.api.RetryAfter;
import dev.herald.api.TopicNames;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.hub.Refusal;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /sse/{topic}} and {@code GET /sse?topic=a&topic=b}: validates, admits, and hands the
 * response to the hub's own {@code SseEventSink} on Servlet async I/O.
 *
 * <p>A servlet rather than a JAX-RS resource because of what an open stream costs: a suspended
 * JAX-RS response keeps RESTEasy's request state (URI info, header and parameter maps) alive for
 * the stream's whole life, about 7 KiB of the 25 KiB heap an idle stream took. Publishing, which is
 * request/response, stays in JAX-RS.
 */
@WebServlet(
    name = "herald-streams",
    urlPatterns = {"/sse", "/sse/*"},
    asyncSupported = true)
public class StreamServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(StreamServlet.class.getName());
  private static final String EVENT_STREAM = "text/event-stream";

  @Inject transient Hub hub;
  @Inject transient HeraldConfig config;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      switch (request.getMethod()) {
        case "GET" -> stream(request, response);
        case "OPTIONS" -> {
          response.setHeader("Allow", "GET, OPTIONS");
          response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        }
        default -> {
          response.setHeader("Allow", "GET, OPTIONS");
          throw Problem.of(Status.METHOD_NOT_ALLOWED, "http-405", "streams are opened with GET");
        }
      }
    } catch (Problem p) {
      ProblemResponses.write(response, p);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Unexpected error opening a stream", e);
      ProblemResponses.write(
          response,
          Problem.of(Status.INTERNAL_SERVER_ERROR, "internal", "Herald hit an internal error"));
    }
  }

  private void stream(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String accept = request.getHeader("Accept");
    if (!AcceptHeader.allows(accept, EVENT_STREAM)) {
      throw Problem.of(
          Status.NOT_ACCEPTABLE,
          "http-406",
          "streams are text/event-stream, which Accept '" + accept + "' does not allow");
    }
    String path = request.getPathInfo();
    Set<String> topics =
        path == null || path.equals("/")
            ? requested(request)
            : Set.of(TopicNames.fromRequest(request, "/sse/", ""));
    String cursor = cursor(request.getHeader("Last-Event-ID"), request.getParameter("lastEventId"));
    open(topics, cursor, request, response);
  }

  private Set<String> requested(HttpServletRequest request) {
    String[] names = request.getParameterValues("topic");
    Set<String> topics = new LinkedHashSet<>();
    if (names != null) for (String t : names) topics.add(TopicNames.check("topic", t));
    if (topics.isEmpty()) {
      throw Problem.badRequest("missing-topic", "name at least one topic: /sse?topic=a&topic=b");
    }
    if (topics.size() > config.maxTopics()) {
      throw Problem.badRequest(
          "too-many-topics",
          "topic: "
              + topics.size()
              + " topics, more than "
              + config.maxTopics()
              + " (herald.stream.max-topics)");
    }
    return topics;
  }

  /** The header wins: a browser reconnects with the original URL and a fresh header. */
  private static String cursor(String header, String query) {
    if (header != null && !header.isEmpty()) return header;
    return query != null && !query.isEmpty() ? query : null;
  }

  private void open(
      Set<String> topics,
      String lastEventId,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    String client = Clients.identify(request, config.trustedProxies());
    admit(client);
    ServletWire wire;
    try {
      response.setStatus(200);
      response.setContentType(EVENT_STREAM);
      response.setHeader("Cache-Control", "no-cache");
      // nginx buffers proxied responses unless told not to.
      response.setHeader("X-Accel-Buffering", "no");
      // A stream ends only to send its client elsewhere (drain, maximum duration): a fresh
      // connection lets a load balancer do that, where a kept-alive one would come straight back.
      response.setHeader("Connection", "close");
      // Liberty gzips text/* when <compression> is on, and gzip held frames back until the
      // stream closed (Open Liberty 31172). Its HTTP channel reads this private header as the
      // encoding to use and never sends it; "Content-Encoding: identity" would not stop it.
      response.setHeader("$WSZIP", "identity");
      // Liberty ignores the first flush of the output stream; this one commits the headers now.
      response.flushBuffer();
      AsyncContext async = request.startAsync();
      async.setTimeout(0);
      wire = new ServletWire(async);
    } catch (IOException | RuntimeException e) {
      hub.release(client);
      // Committed by now or never: end the response rather than leave it open.
      if (request.isAsyncStarted()) request.getAsyncContext().complete();
      throw e;
    }
    try {
      wire.attach(hub.open(topics, lastEventId, client, wire));
    } catch (Refusal drainingMeanwhile) {
      wire.close();
    }
  }

  /** Refusals leave before the response is committed, so they can still be HTTP errors. */
  private void admit(String client) {
    try {
      hub.admit(client);
    } catch (Refusal r) {
      throw switch (r.reason()) {
        case CLIENT_LIMIT ->
            Problem.of(
                    Status.TOO_MANY_REQUESTS,
                    "too-many-streams",
                    "this client already holds "
                        + config.maxConnectionsPerClient()
                        + " streams (herald.connections.max-per-client)")
                .retryAfter(RetryAfter.seconds(config.retryAfter()));
        case FULL ->
            Problem.of(
                    Status.SERVICE_UNAVAILABLE,
                    "at-capacity",
                    "Herald holds "
                        + config.maxConnections()
                        + " streams, its limit (herald.connections.max); try again later")
                .retryAfter(RetryAfter.seconds(config.retryAfter()));
        case DRAINING ->
            Problem.of(
                    Status.SERVICE_UNAVAILABLE,
                    "draining",
                    "Herald is shutting down; reconnect elsewhere")
                .retryAfter(RetryAfter.seconds(config.retryAfter()));
      };
    }
  }
}
