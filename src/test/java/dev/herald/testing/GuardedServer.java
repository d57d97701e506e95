package dev.herald.testing;

import dev.herald.security.Tokens4Tests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The server of tight limits and a token key, shared by the admission and security classes: six
 * streams, two per client, 127.0.0.2 a trusted proxy; tokens signed by {@link #KEYS} for issuer
 * {@code https://issuer.example} and audience {@code herald}, no clock skew, {@code private/**}
 * private; pages of {@link #ALLOWED_ORIGIN} may call it; each client may publish 20 events and open
 * 20 streams a second, 40 at once. With a key configured, anonymous publishing is off, as in any
 * configured deployment.
 */
public final class GuardedServer extends SharedServer {
  public static final String PROXY = "127.0.0.2";
  public static final String ALLOWED_ORIGIN = "https://app.example";
  public static final Tokens4Tests KEYS = new Tokens4Tests();
  private static volatile HeraldServer server;

  @Override
  HeraldServer start() {
    try {
      Path key = Files.createTempFile("herald-it-key", ".pem");
      Files.writeString(key, KEYS.rsaPem());
      key.toFile().deleteOnExit();
      return HeraldServer.create(
              "it-guarded",
              Map.ofEntries(
                  Map.entry("HERALD_CONNECTIONS_MAX", "6"),
                  Map.entry("HERALD_CONNECTIONS_MAX_PER_CLIENT", "2"),
                  Map.entry("HERALD_CONNECTIONS_RETRY_AFTER", "5s"),
                  Map.entry("HERALD_PROXY_TRUSTED", PROXY + "/32"),
                  Map.entry("HERALD_STREAM_HEARTBEAT", "1s"),
                  Map.entry("HERALD_STATS_INTERVAL", "1s"),
                  Map.entry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", key.toString()),
                  Map.entry("MP_JWT_VERIFY_ISSUER", "https://issuer.example"),
                  Map.entry("MP_JWT_VERIFY_AUDIENCES", "herald"),
                  Map.entry("MP_JWT_VERIFY_CLOCK_SKEW", "0"),
                  Map.entry("HERALD_SECURITY_PRIVATE_TOPICS", "private/**"),
                  Map.entry("HERALD_CORS_ALLOWED_ORIGINS", ALLOWED_ORIGIN),
                  Map.entry("HERALD_PUBLISH_MAX_REQUEST_BYTES", "100000"),
                  Map.entry("HERALD_PUBLISH_RATE", "20"),
                  Map.entry("HERALD_PUBLISH_BURST", "40"),
                  Map.entry("HERALD_SUBSCRIBE_RATE", "20"),
                  Map.entry("HERALD_SUBSCRIBE_BURST", "40")))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  HeraldServer started(HeraldServer s) {
    return server = s;
  }

  public static HeraldServer get() {
    return require(server, GuardedServer.class);
  }
}
