package dev.herald.publish;

import static dev.herald.api.JsonFactory.JSON;

import dev.herald.api.Problem;
import dev.herald.api.TopicNames;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Draft;
import dev.herald.hub.Event;
import dev.herald.hub.Hub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/** {@code POST /api/topics/{topic}/events} and {@code POST /api/events}: validate, then publish. */
@Path("api")
@ApplicationScoped
public class PublishResource {
  @Inject Hub hub;
  @Inject HeraldConfig config;

  @POST
  @Path("topics/{topic: .+}/events")
  @Produces(MediaType.APPLICATION_JSON)
  public Response publish(
      @QueryParam("type") String type,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @Context HttpServletRequest request,
      byte[] body) {
    Bodies kind = Bodies.of(contentType, true);
    String topic = writable("topic", TopicNames.fromRequest(request, "/api/topics/", "/events"));
    int max = config.eventMaxBytes();
    Draft draft =
        kind == Bodies.JSON
            ? EventBodies.single(topic, EventBodies.parse(body), max)
            : Drafts.of("", topic, type, Bodies.text(contentType, body), max);
    Event e = hub.publish(List.of(draft)).get(0);
    String json =
        JSON.createObjectBuilder()
            .add("id", e.id().toString())
            .add("topic", e.topic())
            .build()
            .toString();
    return Response.status(Status.CREATED).entity(json).build();
  }

  @POST
  @Path("events")
  @Produces(MediaType.APPLICATION_JSON)
  public Response publishBatch(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
    Bodies.of(contentType, false);
    List<Draft> drafts =
        EventBodies.batch(
            EventBodies.parse(body), config.publishMaxBatch(), config.eventMaxBytes());
    for (int i = 0; i < drafts.size(); i++) writable("[" + i + "].topic", drafts.get(i).topic());
    JsonArrayBuilder ids = JSON.createArrayBuilder();
    for (Event e : hub.publish(drafts)) ids.add(e.id().toString());
    return Response.status(Status.CREATED)
        .entity(JSON.createObjectBuilder().add("ids", ids).build().toString())
        .build();
  }

  private static String writable(String field, String topic) {
    if (TopicNames.isReserved(topic)) {
      throw Problem.of(
          Status.FORBIDDEN,
          "reserved-topic",
          field + " '" + topic + "' is one of Herald's own feeds and cannot be published to");
    }
    return topic;
  }
}
