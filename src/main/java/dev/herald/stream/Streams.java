package dev.herald.stream;

import dev.herald.api.Problem;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Admission;
import dev.herald.hub.Hub;
import dev.herald.hub.Refusal;
import dev.herald.hub.StreamFormat;
import dev.herald.security.Access;
import dev.herald.security.Caller;
import dev.herald.security.Rates;
import dev.herald.security.Rejections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Collection;
import java.util.Set;

/**
 * Herald's streams for an application's own JAX-RS resource: hand it the sink of a
 * {@code @GET @Produces(SERVER_SENT_EVENTS)} method and the client gets what {@code GET /sse}
 * gives, the {@code connected} event, replay or {@code gap}, heartbeats, live events, limits and
 * drain.
 */
@ApplicationScoped
public class Streams {
  @Inject Hub hub;
  @Inject HeraldConfig config;
  @Inject Access access;
  @Inject Rates rates;
  @Inject Rejections rejections;

  /**
   * Opens a Herald stream on the sink and returns at once; Herald's writer threads write to it from
   * now on and close it when the stream ends.
   *
   * @param topics the topics to stream, checked like {@code /sse?topic=…}
   * @param lastEventId the client's {@code Last-Event-ID} header, or {@code null}
   * @param request names the client for the per-client limit
   * @param response gets the headers {@code /sse} sends, before RESTEasy commits it
   * @throws dev.herald.api.Problem a bad topic (400), a private topic the request's token does not
   *     cover (401 or 403), or a limit or a drain (429 or 503, with {@code Retry-After}); Herald's
   *     exception mapper answers it as problem+json, and nothing was sent on the sink
   */
  public void open(
      SseEventSink sink,
      Sse sse,
      Collection<String> topics,
      String lastEventId,
      HttpServletRequest request,
      HttpServletResponse response) {
    try {
      var checked = StreamRules.topics(topics, config.maxTopics());
      Caller caller = access.maySubscribe(request, checked);
      rates.subscribe(request);
      open(sink, sse, checked, lastEventId, caller, request, response);
    } catch (Problem p) {
      rejections.stream(request, p);
      throw p;
    }
  }

  private void open(
      SseEventSink sink,
      Sse sse,
      Set<String> checked,
      String lastEventId,
      Caller caller,
      HttpServletRequest request,
      HttpServletResponse response) {
    Admission admission = StreamRules.admit(hub, config, request);
    try {
      StreamRules.headers(response);
      SinkWire wire = new SinkWire(sink, sse, failure -> {});
      StreamRules.open(hub, checked, lastEventId, caller, admission, wire, StreamFormat.PLAIN);
    } catch (Refusal drainingMeanwhile) {
      throw StreamRules.refused(drainingMeanwhile, config);
    } catch (RuntimeException e) {
      admission.close();
      throw e;
    }
  }
}
