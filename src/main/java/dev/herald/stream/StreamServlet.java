package dev.herald.stream;

import dev.herald.api.Problem;
import dev.herald.api.ProblemResponses;
import dev.herald.api.TopicNames;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Admission;
import dev.herald.hub.Hub;
import dev.herald.hub.Refusal;
import dev.herald.hub.StreamFormat;
import dev.herald.hub.Subscriber;
import dev.herald.security.Access;
import dev.herald.security.Caller;
import dev.herald.security.Rates;
import dev.herald.security.Rejections;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /sse/{topic}} and {@code GET /sse?topic=a&topic=b}: validates, admits, and hands the
 * response to the hub's own {@code SseEventSink} on Servlet async I/O.
 *
 * <p>A servlet rather than a JAX-RS resource because of what an open stream costs: a suspended
 * JAX-RS response keeps RESTEasy's request state (URI info, header and parameter maps) alive for
 * the stream's whole life, about 7 KiB of the 25 KiB heap an idle stream took.
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
  @Inject transient Access access;
  @Inject transient Rates rates;
  @Inject transient Rejections rejections;
  @Inject transient Diagnostics diagnosticsStreams;

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
      rejections.stream(request, p);
      ProblemResponses.write(response, p);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Unexpected error opening a stream", e);
      ProblemResponses.write(response, Problem.internal());
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
            ? StreamRules.topics(valuesOf(request, "topic"), config.maxTopics())
            : Set.of(TopicNames.fromRequest(request, "/sse/", ""));
    boolean diagnostics = topics.contains(Diagnostics.TOPIC);
    if (diagnostics && topics.size() > 1) {
      throw Problem.badRequest(
          "diagnostics-alone",
          "topic: " + Diagnostics.TOPIC + " is a stream of its own; open it without other topics");
    }
    StreamFormat format = StreamRules.format(request.getParameter("envelope"));
    Caller caller = access.maySubscribe(request, topics);
    rates.subscribe(request);
    if (diagnostics) {
      boolean idle = StreamRules.flag("idle", request.getParameter("idle"));
      open(
          request,
          response,
          (admission, wire) -> {
            Subscriber probe = hub.openProbe(Diagnostics.TOPIC, admission, wire);
            diagnosticsStreams.run(probe, idle);
            return probe;
          });
      return;
    }
    String cursor = cursor(request.getHeader("Last-Event-ID"), request.getParameter("lastEventId"));
    open(
        request,
        response,
        (admission, wire) ->
            StreamRules.open(hub, topics, cursor, caller, admission, wire, format));
  }

  /** What a stream is once its response is open: a subscriber on the wire, in the place given. */
  private interface Opening {
    Subscriber open(Admission admission, ServletWire wire);
  }

  /** The header wins: a browser reconnects with the original URL and a fresh header. */
  private static String cursor(String header, String query) {
    if (header != null && !header.isEmpty()) return header;
    return query != null && !query.isEmpty() ? query : null;
  }

  private static List<String> valuesOf(HttpServletRequest request, String name) {
    String[] values = request.getParameterValues(name);
    return values == null ? List.of() : Arrays.asList(values);
  }

  private void open(HttpServletRequest request, HttpServletResponse response, Opening opening)
      throws IOException {
    Admission admission = StreamRules.admit(hub, config, request);
    ServletWire wire;
    try {
      response.setStatus(200);
      response.setContentType(EVENT_STREAM);
      StreamRules.headers(response);
      // Liberty ignores the first flush of the output stream; this one commits the headers now.
      response.flushBuffer();
      AsyncContext async = request.startAsync();
      async.setTimeout(0);
      wire = new ServletWire(async);
    } catch (IOException | RuntimeException e) {
      admission.close();
      // Committed by now or never: end the response rather than leave it open.
      if (request.isAsyncStarted()) request.getAsyncContext().complete();
      throw e;
    }
    try {
      wire.attach(opening.open(admission, wire));
    } catch (Refusal drainingMeanwhile) {
      wire.close();
    }
  }
}
