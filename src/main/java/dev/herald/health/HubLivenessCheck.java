package dev.herald.health;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the hub's sweep (heartbeats, stall and deadline checks) keeps running. It fails only
 * after three heartbeat intervals without one: a restart on a blip would cost every client a
 * reconnect.
 */
@Liveness
@ApplicationScoped
public class HubLivenessCheck implements HealthCheck {
  @Inject Hub hub;
  @Inject HeraldConfig config;

  @Override
  public HealthCheckResponse call() {
    long agoMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hub.lastSweepNanos());
    long limitMillis = Math.max(3_000, 3 * config.heartbeat().toMillis());
    return HealthCheckResponse.named("herald-sweep")
        .status(agoMillis < limitMillis)
        .withData("lastSweepMillisAgo", agoMillis)
        .withData("limitMillis", limitMillis)
        .build();
  }
}
