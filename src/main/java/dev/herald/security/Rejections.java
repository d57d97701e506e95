package dev.herald.security;

import dev.herald.api.Problem;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Counters.Rejection;
import dev.herald.hub.Hub;
import dev.herald.hub.ThrottledLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.logging.Logger;

/**
 * The one place a refused stream is counted (for {@code herald_connections_rejected_total}) and
 * logged, whichever way it came: {@code /sse}, an application sink, or the token filter; refused
 * publishes are logged here too. At most one line per client and reason a minute.
 */
@ApplicationScoped
public class Rejections {
  private static final Logger LOG = Logger.getLogger(Rejections.class.getName());
  private final ThrottledLog log = new ThrottledLog(LOG, System::nanoTime);

  @Inject Hub hub;
  @Inject HeraldConfig config;

  /** Counts and logs a stream request answered with {@code p}; bad requests are neither. */
  public void stream(HttpServletRequest request, Problem p) {
    Rejection why = reason(p);
    if (why == null) return;
    hub.counters().reject(why);
    String client = Clients.identify(request, config.trustedProxies());
    log.info(
        client,
        why.label(),
        "Refused a stream of "
            + client
            + " ("
            + why.label()
            + ", "
            + p.status()
            + " "
            + p.slug()
            + "): "
            + p.getMessage());
  }

  /** Logs a refused publish (who and why, never the events); bad input is the client's own news. */
  public void publish(HttpServletRequest request, Problem p) {
    if (p.status() != 401 && p.status() != 403 && p.status() != 429 && p.status() < 500) return;
    String client = Clients.identify(request, config.trustedProxies());
    log.info(
        client,
        "publish " + p.slug(),
        "Refused a publish of "
            + client
            + " ("
            + p.status()
            + " "
            + p.slug()
            + "): "
            + p.getMessage());
  }

  private static Rejection reason(Problem p) {
    if (p.status() == 401 || p.status() == 403) return Rejection.AUTH;
    return switch (p.slug()) {
      case "at-capacity" -> Rejection.LIMIT;
      case "too-many-streams" -> Rejection.PER_CLIENT;
      case "rate-limited" -> Rejection.RATE;
      case "draining" -> Rejection.DRAINING;
      case "log-unavailable" -> Rejection.UNAVAILABLE;
      default -> null;
    };
  }
}
