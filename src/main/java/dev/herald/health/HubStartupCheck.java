package dev.herald.health;

import dev.herald.hub.Hub;
import dev.herald.source.SourceRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the hub runs and every event source has been started. */
@Startup
@ApplicationScoped
public class HubStartupCheck implements HealthCheck {
  @Inject Hub hub;
  @Inject SourceRunner sources;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("herald-started")
        .status(sources.started())
        .withData("sources", sources.running())
        .build();
  }
}
