package dev.herald.longpoll;

import dev.herald.api.Problem;
import dev.herald.api.RetryAfter;
import dev.herald.api.TopicNames;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Admission;
import dev.herald.hub.Hub;
import dev.herald.hub.Refusal;
import dev.herald.security.Access;
import dev.herald.security.Rates;
import dev.herald.security.Rejections;
import dev.herald.stream.StreamRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /api/topics/{topic}/events} and {@code GET /api/events?topic=a&topic=b}: events after
 * a cursor, for clients that cannot hold a stream. A poll is admitted like a stream (it counts
 * toward both connection limits while it waits) and waits suspended, on no thread.
 */
@Path("api")
@ApplicationScoped
public class PollResource {
  /** Seconds, as a client writes them: a few digits, no sign, no fraction. */
  private static final int MAX_WAIT_DIGITS = 6;

  @Inject Hub hub;
  @Inject HeraldConfig config;
  @Inject Access access;
  @Inject Rates rates;
  @Inject Rejections rejections;

  @GET
  @Path("topics/{topic: .+}/events")
  @Produces(MediaType.APPLICATION_JSON)
  public void pollOne(
      @QueryParam("after") String after,
      @QueryParam("wait") String wait,
      @Context HttpServletRequest request,
      @Suspended AsyncResponse response) {
    poll(request, response, after, wait, () -> Set.of(topicOf(request)));
  }

  @GET
  @Path("events")
  @Produces(MediaType.APPLICATION_JSON)
  public void pollMany(
      @QueryParam("topic") List<String> topics,
      @QueryParam("after") String after,
      @QueryParam("wait") String wait,
      @Context HttpServletRequest request,
      @Suspended AsyncResponse response) {
    poll(request, response, after, wait, () -> StreamRules.topics(topics, config.maxTopics()));
  }

  private static String topicOf(HttpServletRequest request) {
    return TopicNames.fromRequest(request, "/api/topics/", "/events");
  }

  private void poll(
      HttpServletRequest request,
      AsyncResponse response,
      String after,
      String waitParam,
      Supplier<Set<String>> topicsOf) {
    try {
      Set<String> topics = topicsOf.get();
      Duration wait = waitOf(waitParam);
      access.mayPoll(request, topics);
      rates.subscribe(request);
      Admission admission = StreamRules.admit(hub, config, request);
      try {
        hub.poll(topics, after, wait, config.pollMaxEvents(), admission)
            .whenComplete(
                (answer, failure) ->
                    response.resume(
                        failure == null
                            ? Response.ok(PollBodies.of(answer))
                                .header("Cache-Control", "no-store")
                                .build()
                            : unavailable()));
      } catch (Refusal drainingMeanwhile) {
        throw StreamRules.refused(drainingMeanwhile, config);
      }
    } catch (Problem p) {
      rejections.stream(request, p);
      response.resume(p);
    }
  }

  /** The poll's longest wait: {@code wait} seconds, at most {@code herald.poll.max-wait}. */
  private Duration waitOf(String wait) {
    Duration max = config.pollMaxWait();
    if (wait == null || wait.isEmpty()) return max;
    if (wait.length() > MAX_WAIT_DIGITS || !wait.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw Problem.badRequest(
          "bad-wait", "wait: '" + wait + "' is not a whole number of seconds, such as 25");
    }
    Duration asked = Duration.ofSeconds(Long.parseLong(wait));
    return asked.compareTo(max) < 0 ? asked : max;
  }

  private Problem unavailable() {
    return Problem.of(
            Status.SERVICE_UNAVAILABLE,
            "log-unavailable",
            "the event log is unavailable; try again later")
        .retryAfter(RetryAfter.seconds(config.retryAfter()));
  }
}
