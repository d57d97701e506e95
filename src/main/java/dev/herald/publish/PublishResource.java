package dev.herald.publish;

import static dev.herald.api.JsonFactory.JSON;

import dev.herald.api.Problem;
import dev.herald.api.RetryAfter;
import dev.herald.api.TopicNames;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Appended;
import dev.herald.hub.Draft;
import dev.herald.hub.EventData;
import dev.herald.hub.EventId;
import dev.herald.hub.Hub;
import dev.herald.hub.IdempotencyConflictException;
import dev.herald.hub.PublishOutcomeUnknownException;
import dev.herald.hub.PublishRefusedException;
import dev.herald.security.Access;
import dev.herald.security.Clients;
import dev.herald.security.Rates;
import dev.herald.security.Rejections;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * {@code POST /api/topics/{topic}/events} and {@code POST /api/events}: validate, then publish. A
 * repeat of an earlier publish's {@code Idempotency-Key} answers that publish's ids with {@code
 * 200} and publishes nothing.
 */
@Path("api")
@ApplicationScoped
public class PublishResource {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int MAX_KEY_LENGTH = 255;

  @Inject Hub hub;
  @Inject HeraldConfig config;
  @Inject Access access;
  @Inject Rates rates;
  @Inject Rejections rejections;

  private static final Logger AUDIT = Logger.getLogger("dev.herald.publish.audit");

  @POST
  @Path("topics/{topic: .+}/events")
  @Produces(MediaType.APPLICATION_JSON)
  public Response publish(
      @QueryParam("type") String type,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(IDEMPOTENCY_KEY) String key,
      @Context HttpServletRequest request,
      byte[] body) {
    return logged(request, () -> publishOne(type, contentType, key, request, body));
  }

  private Response publishOne(
      String type, String contentType, String key, HttpServletRequest request, byte[] body) {
    access.mayPublish(request);
    Bodies kind = Bodies.of(contentType, true);
    String topic =
        TopicNames.writable("topic", TopicNames.fromRequest(request, "/api/topics/", "/events"));
    access.mayPublishTo(request, "topic", topic);
    int max = config.eventMaxBytes();
    Draft draft =
        kind == Bodies.JSON
            ? EventBodies.single(topic, EventBodies.parse(body), max)
            : Drafts.of("", topic, type, EventData.text(Bodies.decode(contentType, body)), max);
    rates.publish(request, 1);
    Appended a = append(List.of(draft), key, request);
    String json =
        JSON.createObjectBuilder()
            .add("id", a.ids().get(0).toString())
            .add("topic", topic)
            .build()
            .toString();
    return answer(a, json);
  }

  @POST
  @Path("events")
  @Produces(MediaType.APPLICATION_JSON)
  public Response publishBatch(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(IDEMPOTENCY_KEY) String key,
      @Context HttpServletRequest request,
      byte[] body) {
    return logged(request, () -> publishMany(contentType, key, request, body));
  }

  private Response publishMany(
      String contentType, String key, HttpServletRequest request, byte[] body) {
    access.mayPublish(request);
    Bodies.of(contentType, false);
    List<Draft> drafts =
        EventBodies.batch(
            EventBodies.parse(body), config.publishMaxBatch(), config.eventMaxBytes());
    for (int i = 0; i < drafts.size(); i++) {
      String field = "[" + i + "].topic";
      access.mayPublishTo(request, field, TopicNames.writable(field, drafts.get(i).topic()));
    }
    rates.publish(request, drafts.size());
    Appended a = append(drafts, key, request);
    JsonArrayBuilder ids = JSON.createArrayBuilder();
    for (EventId id : a.ids()) ids.add(id.toString());
    return answer(a, JSON.createObjectBuilder().add("ids", ids).build().toString());
  }

  /** A first publish is 201 Created; a repeat is 200 with the same body. */
  private static Response answer(Appended a, String json) {
    return Response.status(a.repeated() ? Status.OK : Status.CREATED).entity(json).build();
  }

  private Response logged(HttpServletRequest request, Supplier<Response> work) {
    try {
      return work.get();
    } catch (Problem p) {
      rejections.publish(request, p);
      throw p;
    }
  }

  /** Publishes through the hub, turning every way the log can refuse into its problem. */
  private Appended append(List<Draft> drafts, String key, HttpServletRequest request) {
    try {
      Appended a = hub.publish(drafts, checkedKey(key));
      Traces.published(a);
      if (config.logPublish() && !a.repeated()) audit(drafts, a, request);
      return a;
    } catch (IdempotencyConflictException e) {
      throw Problem.of(Status.CONFLICT, "idempotency-key-reused", e.getMessage());
    } catch (PublishOutcomeUnknownException e) {
      throw Problem.of(
          Status.GATEWAY_TIMEOUT,
          "outcome-unknown",
          "the event log did not confirm the publish in time; it may or may not have happened:"
              + " retry with the same Idempotency-Key to publish exactly once");
    } catch (PublishRefusedException e) {
      throw Problem.of(
              Status.SERVICE_UNAVAILABLE,
              "log-unavailable",
              "the event log is unavailable; nothing was published, try again later")
          .retryAfter(RetryAfter.seconds(config.retryAfter()));
    }
  }

  /** Who published what where: never the data, which may be anyone's. */
  private void audit(List<Draft> drafts, Appended a, HttpServletRequest request) {
    Set<String> topics = new LinkedHashSet<>();
    for (Draft d : drafts) topics.add(d.topic());
    AUDIT.info(
        "Published "
            + a.ids().size()
            + " event(s) "
            + a.ids().get(0)
            + (a.ids().size() > 1 ? ".." + a.ids().get(a.ids().size() - 1) : "")
            + " to "
            + topics
            + " for "
            + Clients.identify(request, config.trustedProxies()));
  }

  /** 1 to 255 visible ASCII characters, as idempotency keys are in practice (UUIDs, hashes). */
  private static String checkedKey(String key) {
    if (key == null) return null;
    boolean visible = !key.isEmpty() && key.length() <= MAX_KEY_LENGTH;
    for (int i = 0; visible && i < key.length(); i++) {
      visible = key.charAt(i) > 0x20 && key.charAt(i) < 0x7f;
    }
    if (!visible) {
      throw Problem.badRequest(
          "invalid-idempotency-key",
          IDEMPOTENCY_KEY + " must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
    }
    return key;
  }
}
