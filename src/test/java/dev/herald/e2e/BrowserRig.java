package dev.herald.e2e;

import dev.herald.security.Tokens4Tests;
import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the browser suites share, started once for the run: a Herald, the shipped nginx site in
 * front of it (also serving the test pages under {@code /test/}), a {@link Gate} in front of nginx
 * that can answer 502 as a proxy does during a deploy, and one Chromium. Pages load from the gate,
 * so herald.js, its streams and its polls all travel the whole path.
 *
 * <p>Each test starts with the gate open and no stream left over, and ends with its pages closed.
 *
 * <p>Herald's settings make trouble come often: streams end after 3 s, eight streams fill the hub,
 * tokens sign as {@link #KEYS}, {@code private/**} needs one.
 */
final class BrowserRig
    implements BeforeAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ExtensionContext.Store.CloseableResource {
  static final Tokens4Tests KEYS = new Tokens4Tests();
  static final int MAX_CONNECTIONS = 8;
  private static volatile BrowserRig rig;

  HeraldServer herald;
  Nginx nginx;
  Gate gate;
  Browser browser;

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(BrowserRig.class, k -> start(), BrowserRig.class);
  }

  /** Every test starts with the gate open and no stream left from the one before. */
  @Override
  public void beforeEach(ExtensionContext context) {
    get().gate.open();
    get().herald.awaitConnections(0, Duration.ofSeconds(30));
  }

  /** And leaves no page behind. */
  @Override
  public void afterEach(ExtensionContext context) {
    get().browser.closeTabs();
  }

  static BrowserRig get() {
    if (rig == null) throw new IllegalStateException("extend the test class with BrowserRig");
    return rig;
  }

  private BrowserRig start() {
    try {
      Path key = Files.createTempFile("herald-browser-key", ".pem");
      Files.writeString(key, KEYS.rsaPem());
      key.toFile().deleteOnExit();
      herald =
          HeraldServer.create(
                  "it-browser",
                  Map.ofEntries(
                      Map.entry("HERALD_STREAM_MAX_DURATION", "3s"),
                      Map.entry("HERALD_STREAM_RETRY", "300ms"),
                      Map.entry("HERALD_STREAM_HEARTBEAT", "1s"),
                      Map.entry("HERALD_CONNECTIONS_MAX", String.valueOf(MAX_CONNECTIONS)),
                      Map.entry("HERALD_CONNECTIONS_RETRY_AFTER", "1s"),
                      Map.entry("HERALD_SHUTDOWN_DRAIN", "500ms"),
                      Map.entry("HERALD_STATS_INTERVAL", "1s"),
                      Map.entry("HERALD_PROXY_TRUSTED", "127.0.0.1/32"),
                      Map.entry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", key.toString()),
                      Map.entry("MP_JWT_VERIFY_ISSUER", "https://issuer.example"),
                      Map.entry("MP_JWT_VERIFY_AUDIENCES", "herald"),
                      Map.entry("MP_JWT_VERIFY_CLOCK_SKEW", "0"),
                      Map.entry("HERALD_SECURITY_PRIVATE_TOPICS", "private/**"),
                      Map.entry("HERALD_SECURITY_ANONYMOUS_PUBLISH", "true")))
              .start();
      Path pages = Path.of("target/browser-pages").toAbsolutePath();
      Files.createDirectories(pages);
      try (InputStream page = BrowserRig.class.getResourceAsStream("/browser/client.html")) {
        Files.write(pages.resolve("client.html"), page.readAllBytes());
      }
      String include = "    include herald/herald-proxy.conf;";
      nginx =
          Nginx.start(
              "browser",
              Nginx.Site.shipped("herald-local.conf")
                  .herald(herald.port())
                  .listen("http", "8080;")
                  .replace(
                      "herald-local.conf",
                      include,
                      "    location /test/ { alias " + pages + "/; }\n" + include));
      gate = new Gate(nginx.port("http"));
      browser = Browser.start();
      rig = this;
      return this;
    } catch (IOException | RuntimeException e) {
      closeQuietly();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** Stops what did start when something after it failed, so no server outlives the run. */
  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      // the start's own failure is the one to report
    }
  }

  /**
   * The test page with these topics and herald.js options (JSON), and switches such as
   * noEventSource.
   */
  URI page(List<String> topics, String optionsJson, String... switches) {
    StringBuilder q = new StringBuilder("/test/client.html?options=").append(encode(optionsJson));
    for (String t : topics) q.append("&topic=").append(encode(t));
    for (String s : switches) q.append('&').append(s);
    return URI.create("http://127.0.0.1:" + gate.port() + q);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Publishes text data straight to Herald (not through the gate), returning the event's id. */
  String publish(String topic, String text) {
    HttpResponse<String> r =
        Http.post(herald.uri("/api/topics/" + topic + "/events"), "text/plain", text);
    if (r.statusCode() != 201) throw new AssertionError(r.statusCode() + " " + r.body());
    return Http.json(r.body()).getString("id");
  }

  /** Publishes JSON data with a type straight to Herald. */
  String publishJson(String topic, String type, String json) {
    HttpResponse<String> r =
        Http.send(
            HttpRequest.newBuilder(herald.uri("/api/topics/" + topic + "/events"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"" + type + "\",\"data\":" + json + "}"))
                .build());
    if (r.statusCode() != 201) throw new AssertionError(r.statusCode() + " " + r.body());
    return Http.json(r.body()).getString("id");
  }

  /** A subscribe token for {@code topics} that expires in {@code seconds}. */
  static String token(long seconds, List<String> topics) {
    return KEYS.sign(Tokens4Tests.claims("browser-user", seconds, List.of(), topics), KEYS.rsa);
  }

  @Override
  public void close() throws IOException {
    try {
      if (browser != null) browser.close();
    } finally {
      if (gate != null) gate.close();
      if (nginx != null) nginx.close();
      if (herald != null) herald.close();
    }
  }
}
