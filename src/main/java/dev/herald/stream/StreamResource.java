package dev.herald.stream;

import dev.herald.api.Problem;
import dev.herald.api.TopicNames;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.hub.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code GET /sse/{topic}} and {@code GET /sse?topic=a&topic=b}. JAX-RS routes and validates; the
 * stream itself bypasses RESTEasy's SSE writer (it mangles frames and blocks on slow clients) and
 * is written by the hub's own sink on Servlet async I/O.
 */
@Path("sse")
@ApplicationScoped
public class StreamResource {
  @Inject Hub hub;
  @Inject HeraldConfig config;

  @GET
  @Path("{topic: .+}")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void one(
      @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
      @QueryParam("lastEventId") String lastEventIdQuery,
      @Suspended AsyncResponse suspended,
      @Context HttpServletRequest request,
      @Context HttpServletResponse response)
      throws IOException {
    Set<String> topics = Set.of(TopicNames.fromRequest(request, "/sse/", ""));
    open(topics, cursor(lastEventIdHeader, lastEventIdQuery), request, response);
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void many(
      @QueryParam("topic") List<String> requested,
      @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
      @QueryParam("lastEventId") String lastEventIdQuery,
      @Suspended AsyncResponse suspended,
      @Context HttpServletRequest request,
      @Context HttpServletResponse response)
      throws IOException {
    Set<String> topics = new LinkedHashSet<>();
    for (String t : requested) topics.add(TopicNames.check("topic", t));
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
    open(topics, cursor(lastEventIdHeader, lastEventIdQuery), request, response);
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
    try {
      response.setStatus(200);
      response.setContentType(MediaType.SERVER_SENT_EVENTS);
      response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
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
    } catch (IOException | RuntimeException e) {
      hub.release(client);
      throw e;
    }
    AsyncContext async = request.getAsyncContext();
    async.setTimeout(0);
    ServletWire wire = new ServletWire(async);
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
                .retryAfter(retryAfterSeconds());
        case FULL ->
            Problem.of(
                    Status.SERVICE_UNAVAILABLE,
                    "at-capacity",
                    "Herald holds "
                        + config.maxConnections()
                        + " streams, its limit (herald.connections.max); try again later")
                .retryAfter(retryAfterSeconds());
        case DRAINING ->
            Problem.of(
                    Status.SERVICE_UNAVAILABLE,
                    "draining",
                    "Herald is shutting down; reconnect elsewhere")
                .retryAfter(retryAfterSeconds());
      };
    }
  }

  /** Between one and two times the configured base, so refused clients do not return together. */
  private long retryAfterSeconds() {
    long base = Math.max(1, config.retryAfter().toSeconds());
    return base + ThreadLocalRandom.current().nextLong(base + 1);
  }
}
