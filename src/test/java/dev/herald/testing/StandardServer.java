package dev.herald.testing;

import java.util.Map;

/**
 * The server most black-box classes share. Its settings are the union of what those classes need,
 * none of which disturbs another: a 1 s heartbeat (dead peers go quickly), stats every second,
 * three writer threads (so a test can stall them all), and compression on for JSON (so streams are
 * proven to stay uncompressed).
 */
public final class StandardServer extends SharedServer {
  public static final int WRITER_THREADS = 3;
  private static volatile HeraldServer server;

  @Override
  HeraldServer start() {
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

  @Override
  HeraldServer started(HeraldServer s) {
    return server = s;
  }

  /** The running server; only for classes extended with this. */
  public static HeraldServer get() {
    return require(server, StandardServer.class);
  }
}
