package dev.herald.health;

import dev.herald.hub.Hub;
import dev.herald.source.SourceRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready to take streams: not starting, not draining, and the event log reachable. Fails fast, so a
 * proxy stops sending clients at once; it reads only flags and counters, as probes come often.
 */
@Readiness
@ApplicationScoped
public class HubReadinessCheck implements HealthCheck {
  @Inject Hub hub;
  @Inject SourceRunner sources;

  @Override
  public HealthCheckResponse call() {
    String reason = reason();
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named("herald-ready")
            .status(reason == null)
            .withData("connections", hub.connections())
            .withData("polls", hub.waitingPolls())
            .withData("maxConnections", hub.maxConnections());
    if (reason != null) b.withData("reason", reason);
    return b.build();
  }

  /** Why Herald is not ready, or {@code null} when it is. */
  String reason() {
    if (hub.isDraining()) return "draining";
    if (!sources.started()) return "starting";
    if (!hub.logAvailable()) return "event log unavailable";
    return null;
  }
}
