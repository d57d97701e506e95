package dev.herald.security;

import dev.herald.api.Problem;
import dev.herald.config.HeraldConfig;
import dev.herald.config.Setting;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response.Status;

/**
 * Per-client rates, the client as admission names it (the principal, else the address): events
 * published per second, and stream opens per second. Beyond either: 429 with {@code Retry-After}. A
 * batch costs its event count; a batch larger than the burst could never pass, so it is a 400.
 */
@ApplicationScoped
public class Rates {
  @Inject HeraldConfig config;
  private RateLimit publish;
  private RateLimit subscribe;

  @PostConstruct
  void load() {
    publish = limit(config.publishRate(), config.publishBurst());
    subscribe = limit(config.subscribeRate(), config.subscribeBurst());
  }

  /** Off at rate 0; a burst of 0 is one second's worth. */
  private static RateLimit limit(int rate, int burst) {
    return rate == 0 ? null : new RateLimit(rate, burst == 0 ? rate : burst, System::nanoTime);
  }

  /** Takes {@code events} from the client's publish rate. */
  public void publish(HttpServletRequest request, int events) {
    if (publish == null) return;
    if (events > publish.burst()) {
      throw Problem.badRequest(
          "batch-over-burst",
          "a batch of "
              + events
              + " events can never pass a burst of "
              + publish.burst()
              + " ("
              + Setting.PUBLISH_BURST.key()
              + "); send smaller batches");
    }
    check(publish, request, events, "publishes", Setting.PUBLISH_RATE);
  }

  /** Takes one stream open from the client's subscribe rate. */
  public void subscribe(HttpServletRequest request) {
    if (subscribe != null) check(subscribe, request, 1, "opens streams", Setting.SUBSCRIBE_RATE);
  }

  private void check(
      RateLimit limit, HttpServletRequest request, int n, String what, Setting setting) {
    long wait = limit.take(Clients.identify(request, config.trustedProxies()), n);
    if (wait > 0) {
      throw Problem.of(
              Status.TOO_MANY_REQUESTS,
              "rate-limited",
              "this client " + what + " faster than " + setting.key() + " allows")
          .retryAfter(wait);
    }
  }
}
