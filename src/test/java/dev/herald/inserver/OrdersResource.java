package dev.herald.inserver;

import dev.herald.stream.Broadcasters;
import dev.herald.stream.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application's own JAX-RS resource on the standard SSE API, as the README shows it: streams of
 * an order's topic through its own sink, updates broadcast through the topic's broadcaster.
 */
@Path("app/orders")
@ApplicationScoped
public class OrdersResource {
  @Inject Streams streams;
  @Inject Broadcasters broadcasters;

  private final AtomicInteger liveEnded = new AtomicInteger();
  private volatile SseBroadcaster live;

  /** One broadcaster for every live listener, made with the first request's {@code Sse}. */
  private synchronized SseBroadcaster live(Sse sse) {
    if (live == null) {
      live = broadcasters.of(sse, "orders/live");
      live.onClose(sink -> liveEnded.incrementAndGet());
      live.onError((sink, failure) -> liveEnded.incrementAndGet());
    }
    return live;
  }

  @GET
  @Path("{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void events(
      @PathParam("id") String id,
      @Context SseEventSink sink,
      @Context Sse sse,
      @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
      @Context HttpServletRequest request,
      @Context HttpServletResponse response) {
    streams.open(sink, sse, List.of("orders/" + id), lastEventId, request, response);
  }

  @POST
  @Path("{id}")
  @Consumes(MediaType.TEXT_PLAIN)
  @Produces(MediaType.TEXT_PLAIN)
  public CompletionStage<String> update(
      @PathParam("id") String id, String status, @Context Sse sse) {
    return broadcasters
        .of(sse, "orders/" + id)
        .broadcast(sse.newEvent("status", status))
        .thenApply(String::valueOf);
  }

  @GET
  @Path("live")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void live(@Context SseEventSink sink, @Context Sse sse) {
    live(sse).register(sink);
  }

  @GET
  @Path("live/ended")
  @Produces(MediaType.TEXT_PLAIN)
  public int liveEnded() {
    return liveEnded.get();
  }
}
