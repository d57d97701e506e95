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
import jakarta.ws.rs.core.Response.Status;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The publish API's rules, whichever route a request took: who may publish where, the body, the
 * rates, the hub's refusals as problems, the audit. A repeat of an earlier publish's {@code
 * Idempotency-Key} answers that publish's ids with {@code 200} and publishes nothing.
 */
@ApplicationScoped
public class Publishing {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int MAX_KEY_LENGTH = 255;
  private static final Logger AUDIT = Logger.getLogger("dev.herald.publish.audit");

  @Inject Hub hub;
  @Inject HeraldConfig config;
  @Inject Access access;
  @Inject Rates rates;
  @Inject Rejections rejections;

  /** An accepted publish's answer: 201, or 200 for a repeat, with its JSON body. */
  record Answer(int status, String json) {}

  /** {@code POST /api/topics/{topic}/events}: one event, JSON or text, for the path's topic. */
  Answer one(HttpServletRequest request) {
    return logged(
        request,
        () -> {
          access.mayPublish(request);
          String contentType = request.getContentType();
          Bodies kind = Bodies.of(contentType, true);
          String topic =
              TopicNames.writable(
                  "topic", TopicNames.fromRequest(request, "/api/topics/", "/events"));
          access.mayPublishTo(request, "topic", topic);
          int max = config.eventMaxBytes();
          // Read only now that the publisher may publish here and the body is known not to be a
          // form, whose fields it would parse.
          byte[] body = RequestBodies.read(request, config.publishMaxRequestBytes());
          Draft draft =
              kind == Bodies.JSON
                  ? EventBodies.single(topic, EventBodies.parse(body), max)
                  : Drafts.of(
                      "",
                      topic,
                      request.getParameter("type"),
                      EventData.text(Bodies.decode(contentType, body)),
                      max);
          rates.publish(request, 1);
          Appended a = append(List.of(draft), request);
          return answer(
              a,
              JSON.createObjectBuilder()
                  .add("id", a.ids().get(0).toString())
                  .add("topic", topic)
                  .build()
                  .toString());
        });
  }

  /** {@code POST /api/events}: a JSON array of events, each naming its topic, all or nothing. */
  Answer batch(HttpServletRequest request) {
    return logged(
        request,
        () -> {
          access.mayPublish(request);
          Bodies.of(request.getContentType(), false);
          byte[] body = RequestBodies.read(request, config.publishMaxRequestBytes());
          List<Draft> drafts =
              EventBodies.batch(
                  EventBodies.parse(body), config.publishMaxBatch(), config.eventMaxBytes());
          for (int i = 0; i < drafts.size(); i++) {
            String field = "[" + i + "].topic";
            access.mayPublishTo(request, field, TopicNames.writable(field, drafts.get(i).topic()));
          }
          rates.publish(request, drafts.size());
          Appended a = append(drafts, request);
          JsonArrayBuilder ids = JSON.createArrayBuilder();
          for (EventId id : a.ids()) ids.add(id.toString());
          return answer(a, JSON.createObjectBuilder().add("ids", ids).build().toString());
        });
  }

  private static Answer answer(Appended a, String json) {
    return new Answer(
        a.repeated() ? Status.OK.getStatusCode() : Status.CREATED.getStatusCode(), json);
  }

  private Answer logged(HttpServletRequest request, Supplier<Answer> work) {
    try {
      return work.get();
    } catch (Problem p) {
      rejections.publish(request, p);
      throw p;
    }
  }

  /** Publishes through the hub, turning every way the log can refuse into its problem. */
  private Appended append(List<Draft> drafts, HttpServletRequest request) {
    String key = checkedKey(request.getHeader(IDEMPOTENCY_KEY));
    try {
      Appended a = hub.publish(drafts, key);
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
