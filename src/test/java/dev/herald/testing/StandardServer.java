package dev.herald.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server most black-box classes share, so the run pays for one Liberty start instead of one
 * each: started by the first class that extends with this, stopped when the whole run ends. Its
 * settings are the union of what those classes need, none of which disturbs another: a 1 s
 * heartbeat (dead peers go quickly), stats every second, three writer threads (so a test can stall
 * them all), and compression on for JSON (so streams are proven to stay uncompressed).
 */
public final class StandardServer implements BeforeAllCallback {
  public static final int WRITER_THREADS = 3;
  private static volatile HeraldServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(StandardServer.class, k -> start(), HeraldServer.class);
  }

  private static HeraldServer start() {
    return HeraldServer.create(
            "it-standard",
            Map.of(
                "HERALD_STREAM_HEARTBEAT", "1s",
                "HERALD_STATS_INTERVAL", "1s",
                "HERALD_STREAM_WRITER_THREADS", String.valueOf(WRITER_THREADS)))
        .withOverride(
            "compression",
            "<server><httpEndpoint id=\"defaultHttpEndpoint\"><compression><types>"
                + "+application/json</types></compression></httpEndpoint></server>")
        .start();
  }

  /** The running server; only for classes extended with this. */
  public static HeraldServer get() {
    HeraldServer s = server;
    if (s == null) throw new IllegalStateException("extend the test class with StandardServer");
    return s;
  }
}
