package dev.herald.security;

import dev.herald.api.Problem;
import dev.herald.api.TopicPattern;
import dev.herald.config.HeraldConfig;
import dev.herald.config.Setting;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response.Status;
import java.util.Collection;
import java.util.logging.Logger;

/**
 * Who may publish and who may read, one rule for every endpoint. Publishing needs a bearer token's
 * publish right, or, while anonymous publishing is on, a local request. Private topics need a
 * token's subscribe right; the rest may be read by anyone. One forbidden topic refuses the whole
 * request.
 */
@ApplicationScoped
public class Access {
  private static final Logger LOG = Logger.getLogger(Access.class.getName());

  @Inject HeraldConfig config;
  private boolean anonymousPublish;

  @PostConstruct
  void load() {
    anonymousPublish =
        switch (config.anonymousPublish()) {
          case AUTO -> !config.jwtConfigured();
          case TRUE -> true;
          case FALSE -> false;
        };
    if (anonymousPublish) {
      LOG.warning(
          () ->
              "Anonymous publishing is on: clients on this host may publish without a token ("
                  + Setting.SECURITY_ANONYMOUS_PUBLISH.key()
                  + "="
                  + config.anonymousPublish().name().toLowerCase(java.util.Locale.ROOT)
                  + (config.jwtConfigured() ? ")" : ", and no token key is configured)"));
    }
  }

  /** Decided at startup, so the warning is in the log before the first request. */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    LOG.fine(() -> "Anonymous publishing " + (anonymousPublish ? "on" : "off"));
  }

  /** Whether the request may publish at all; checked before its body is read. */
  public void mayPublish(HttpServletRequest request) {
    Caller c = Caller.of(request);
    if (c != null && !c.fromCookie()) {
      if (c.expired()) throw tokenExpired();
      return;
    }
    if (anonymousPublish && LocalRequests.isLocal(request)) return;
    throw unauthorized(
        c != null
            ? "a token in a cookie may only read streams: publish with Authorization: Bearer"
            : "publishing needs a bearer token with a publish right");
  }

  /** Whether the request may publish to each topic; after {@link #mayPublish}. */
  public void mayPublishTo(HttpServletRequest request, String field, String topic) {
    Caller c = Caller.of(request);
    if (c == null || c.fromCookie()) return; // a local publisher, anonymous and allowed
    if (!c.rights().canPublish(topic)) {
      throw Problem.of(
          Status.FORBIDDEN,
          "forbidden",
          field + " '" + topic + "': the token has no publish right");
    }
  }

  /**
   * Whether the request may read every one of the topics.
   *
   * @return the caller, or {@code null} for an anonymous reader; an {@linkplain Caller#expired
   *     expired} caller's rights covered the topics, so a stream answers it with {@code reauth}
   */
  public Caller maySubscribe(HttpServletRequest request, Collection<String> topics) {
    Caller c = Caller.of(request);
    for (String topic : topics) {
      if (!isPrivate(topic)) continue;
      if (c == null)
        throw unauthorized("topic '" + topic + "' is private: it needs a bearer token");
      if (!c.rights().canSubscribe(topic)) {
        throw Problem.of(
            Status.FORBIDDEN,
            "forbidden",
            "topic '" + topic + "' is private and the token has no subscribe right to it");
      }
    }
    return c;
  }

  /**
   * Whether the request may long-poll every one of the topics: as {@link #maySubscribe}, but an
   * expired token is a {@code 401} ({@code token-expired}), which a poll's client can read.
   */
  public void mayPoll(HttpServletRequest request, Collection<String> topics) {
    Caller c = maySubscribe(request, topics);
    if (c != null && c.expired()) throw tokenExpired();
  }

  /** Private topics need a subscribe right, and Herald's own feeds never name them. */
  public boolean isPrivate(String topic) {
    for (TopicPattern p : config.privateTopics()) if (p.matches(topic)) return true;
    return false;
  }

  private static Problem unauthorized(String detail) {
    return Problem.of(Status.UNAUTHORIZED, "unauthorized", detail).challenge(SecurityFilter.BEARER);
  }

  private static Problem tokenExpired() {
    return Problem.of(Status.UNAUTHORIZED, "token-expired", "the token has expired; get a new one")
        .challenge(SecurityFilter.BEARER + " error=\"invalid_token\"");
  }
}
