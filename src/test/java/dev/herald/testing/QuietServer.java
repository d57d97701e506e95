package dev.herald.testing;

import java.util.Map;

/**
 * The server of short-lived streams and no traffic of its own, shared by the lifetime and metrics
 * classes: streams end after 3 s (±15 %) and clients come back after 200 ms; a 1 s heartbeat; no
 * {@code herald/stats}, so counters move only with a test's own workload; tracing on, its spans
 * written to messages.log by OpenTelemetry's logging exporter; an audit line per publish.
 */
public final class QuietServer extends SharedServer {
  private static volatile HeraldServer server;

  @Override
  HeraldServer start() {
    return HeraldServer.create(
            "it-quiet",
            Map.of(
                "HERALD_STREAM_MAX_DURATION", "3s",
                "HERALD_STREAM_HEARTBEAT", "1s",
                "HERALD_STREAM_RETRY", "200ms",
                "HERALD_STATS_INTERVAL", "1h",
                "OTEL_SDK_DISABLED", "false",
                "OTEL_SERVICE_NAME", "herald",
                "OTEL_TRACES_EXPORTER", "logging",
                "OTEL_METRICS_EXPORTER", "none",
                "OTEL_LOGS_EXPORTER", "none",
                "HERALD_LOG_PUBLISH", "true"))
        .start();
  }

  @Override
  HeraldServer started(HeraldServer s) {
    return server = s;
  }

  public static HeraldServer get() {
    return require(server, QuietServer.class);
  }
}
