package dev.herald.health;

import dev.herald.source.SourceRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once every event source has been started, which the hub's startup precedes. */
@Startup
@ApplicationScoped
public class HubStartupCheck implements HealthCheck {
  @Inject SourceRunner sources;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("herald-started")
        .status(sources.started())
        .withData("sources", sources.running())
        .build();
  }
}
