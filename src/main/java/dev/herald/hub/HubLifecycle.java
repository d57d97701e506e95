package dev.herald.hub;

import dev.herald.config.HeraldConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Creates the hub once at startup, drives its sweep, and ends every stream at shutdown. Liberty
 * quiesces for 30 s while streams are open and tells a WAR nothing until after that, so a JVM
 * shutdown hook (it sees SIGTERM) drains the streams first, spread over {@code
 * herald.shutdown.drain}. {@code server stop} does not run the hook: call {@code POST
 * /api/admin/drain} before it.
 */
@ApplicationScoped
public class HubLifecycle {
  private static final Logger LOG = Logger.getLogger(HubLifecycle.class.getName());
  private static final long CLOSE_WAIT_MILLIS = 2000;

  /** Often enough to end streams within a second of their deadline and notice stalls quickly. */
  static final long SWEEP_MILLIS = 250;

  @Resource private ManagedThreadFactory threads;
  @Resource private ManagedScheduledExecutorService scheduler;

  @Inject HeraldConfig config;

  /** Memory or Redis, as configured; the hub closes it. */
  @Inject EventLog log;

  private Hub hub;
  private ScheduledFuture<?> ticker;
  private Thread shutdownHook;

  @PostConstruct
  void start() {
    hub = Hub.start(config, log, threads);
    ticker =
        scheduler.scheduleAtFixedRate(
            hub::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    Hub started = hub;
    Duration drain = config.drain();
    shutdownHook =
        new Thread(
            () -> {
              started.drain(drain);
              started.close(CLOSE_WAIT_MILLIS);
            },
            "herald-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    LOG.info(() -> "Herald hub started; heartbeat " + config.heartbeat());
  }

  /** The one hub; a plain reference, as the hub is already a single shared object. */
  @Produces
  @Singleton
  Hub hub() {
    return hub;
  }

  @PreDestroy
  void stop() {
    ticker.cancel(false);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and the hook is running.
    }
    hub.close(CLOSE_WAIT_MILLIS);
  }

  /** Starts the hub with the application, so bad settings fail the deployment, not a request. */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored, Hub hub) {
    LOG.fine(() -> "Hub ready with " + hub.connections() + " streams");
  }
}
