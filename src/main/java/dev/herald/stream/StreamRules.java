package dev.herald.stream;

import dev.herald.api.Problem;
import dev.herald.api.RetryAfter;
import dev.herald.api.TopicNames;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Admission;
import dev.herald.hub.Hub;
import dev.herald.hub.Refusal;
import dev.herald.hub.StreamFormat;
import dev.herald.hub.Subscriber;
import dev.herald.hub.Wire;
import dev.herald.security.Caller;
import dev.herald.security.Clients;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response.Status;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What every way of opening a stream shares, {@code GET /sse} and an application's own sink alike:
 * the topic rules, the client's admission, and the headers that keep proxies out of the way.
 */
public final class StreamRules {
  private StreamRules() {}

  /**
   * The topics of one stream or long-poll, each valid, duplicates dropped, at most the configured
   * number.
   */
  public static Set<String> topics(Collection<String> names, int max) {
    Set<String> topics = new LinkedHashSet<>();
    if (names != null) for (String t : names) topics.add(TopicNames.check("topic", t));
    if (topics.isEmpty()) {
      throw Problem.badRequest("missing-topic", "name at least one topic: /sse?topic=a&topic=b");
    }
    if (topics.size() > max) {
      throw Problem.badRequest(
          "too-many-topics",
          "topic: " + topics.size() + " topics, more than " + max + " (herald.stream.max-topics)");
    }
    return topics;
  }

  /**
   * A place for the request's client, the principal else its address. Refusals come before anything
   * is written, so they can still be HTTP errors.
   */
  public static Admission admit(Hub hub, HeraldConfig config, HttpServletRequest request) {
    try {
      return hub.admit(Clients.identify(request, config.trustedProxies()));
    } catch (Refusal r) {
      throw refused(r, config);
    }
  }

  /** A refusal as its answer: 429 for the client's limit, 503 for the hub's or a drain. */
  public static Problem refused(Refusal r, HeraldConfig config) {
    Problem p =
        switch (r.reason()) {
          case CLIENT_LIMIT ->
              Problem.of(
                  Status.TOO_MANY_REQUESTS,
                  "too-many-streams",
                  "this client already holds "
                      + config.maxConnectionsPerClient()
                      + " streams (herald.connections.max-per-client)");
          case FULL ->
              Problem.of(
                  Status.SERVICE_UNAVAILABLE,
                  "at-capacity",
                  "Herald holds "
                      + config.maxConnections()
                      + " streams, its limit (herald.connections.max); try again later");
          case DRAINING ->
              Problem.of(
                  Status.SERVICE_UNAVAILABLE,
                  "draining",
                  "Herald is shutting down; reconnect elsewhere");
          case LOG_UNAVAILABLE ->
              Problem.of(
                  Status.SERVICE_UNAVAILABLE,
                  "log-unavailable",
                  "the event log is unavailable; try again later");
        };
    return p.retryAfter(RetryAfter.seconds(config.retryAfter()));
  }

  /**
   * Opens the stream the caller may have: live until its token expires, or, when the token has
   * expired already, the short answer that sends {@code reauth}.
   *
   * @param caller the request's caller, or {@code null} for an anonymous reader
   */
  static Subscriber open(
      Hub hub,
      Set<String> topics,
      String lastEventId,
      Caller caller,
      Admission admission,
      Wire wire,
      StreamFormat format) {
    if (caller != null && caller.expired()) {
      return hub.reauthenticate(topics, lastEventId, admission, wire);
    }
    long expires = caller == null ? 0 : caller.expiresAtMillis();
    return hub.open(topics, lastEventId, admission, wire, expires, format);
  }

  /** The {@code envelope} stream parameter: enveloped events, or plain ones. */
  static StreamFormat format(String envelope) {
    return flag("envelope", envelope) ? StreamFormat.ENVELOPE : StreamFormat.PLAIN;
  }

  /**
   * A yes-or-no stream parameter: {@code 1} or {@code true} for yes; absent, empty, {@code 0} or
   * {@code false} for no; anything else is a 400 naming it.
   */
  static boolean flag(String name, String value) {
    if (value == null) return false;
    return switch (value) {
      case "", "0", "false" -> false;
      case "1", "true" -> true;
      default ->
          throw Problem.badRequest(
              "bad-" + name, name + ": '" + value + "' is not one of 1, true, 0, false");
    };
  }

  /** Headers every stream carries, set before the response is committed. */
  static void headers(HttpServletResponse response) {
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
  }
}
