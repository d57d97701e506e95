package dev.herald.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Herald server of its own: a copy of the packaged Liberty server with its own port ({@code
 * bootstrap.properties}) and settings ({@code server.env}), started and stopped with Liberty's
 * {@code server} script. A test class starts the servers it alone needs in {@code @BeforeAll} and
 * closes them in {@code @AfterAll}; {@link StandardServer} is the one shared by many classes.
 */
public final class HeraldServer implements AutoCloseable, ExtensionContext.Store.CloseableResource {
  private static final Path WLP = Path.of(System.getProperty("wlpHome", "target/liberty/wlp"));
  private static final Path SERVERS = WLP.resolve("usr/servers");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A server is a process we do not control: look at it a few times a second. */
  private static final Duration POLL = Duration.ofMillis(200);

  private final String name;
  private final int port;

  private HeraldServer(String name, int port) {
    this.name = name;
    this.port = port;
  }

  /** A fresh copy of the packaged server, not started. */
  public static HeraldServer create(String name, Map<String, String> env) {
    try {
      Path dir = SERVERS.resolve(name);
      delete(dir);
      copy(SERVERS.resolve("defaultServer"), dir);
      int port = freePort();
      Files.writeString(dir.resolve("bootstrap.properties"), "http.port=" + port + "\n");
      StringBuilder lines = new StringBuilder("\n");
      env.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
      Files.writeString(
          dir.resolve("server.env"), lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return new HeraldServer(name, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Takes the port from the {@code HTTP_PORT} environment variable instead of bootstrap.properties.
   */
  public HeraldServer portFromEnvironment() {
    try {
      Path dir = SERVERS.resolve(name);
      Files.delete(dir.resolve("bootstrap.properties"));
      Files.writeString(
          dir.resolve("server.env"), "HTTP_PORT=" + port + "\n", StandardOpenOption.APPEND);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a Liberty config override (configDropins/overrides/NAME.xml) before the server starts. */
  public HeraldServer withOverride(String name, String serverXml) {
    try {
      Path dir = SERVERS.resolve(this.name).resolve("configDropins/overrides");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".xml"), serverXml);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Open streams, as the readiness check reports them. */
  public int connections() {
    return readiness().getInt("connections");
  }

  /** Long-polls waiting on the server, as its readiness check reports them. */
  public int waitingPolls() {
    return readiness().getInt("polls");
  }

  /** Waits (bounded) until the server reports this many waiting long-polls. */
  public void awaitWaitingPolls(int expected, Duration timeout) {
    Await.polling(
        expected + " waiting polls on " + name, timeout, POLL, () -> waitingPolls() == expected);
  }

  private jakarta.json.JsonObject readiness() {
    HttpResponse<String> r =
        Http.send(
            HttpRequest.newBuilder(uri("/health/ready")).timeout(Duration.ofSeconds(5)).build());
    return Http.json(r.body()).getJsonArray("checks").stream()
        .map(jakarta.json.JsonValue::asJsonObject)
        .filter(c -> c.getString("name").equals("herald-ready"))
        .findFirst()
        .orElseThrow()
        .getJsonObject("data");
  }

  /** Waits (bounded) until the server reports this many open streams. */
  public void awaitConnections(int expected, Duration timeout) {
    Await.polling(
        expected + " open streams on " + name, timeout, POLL, () -> connections() == expected);
  }

  /** Starts the server and waits until Herald answers; fails if the application did not start. */
  public HeraldServer start() {
    script("start");
    awaitReady(Duration.ofSeconds(90));
    return this;
  }

  /** Starts the server without waiting for Herald: for settings that must stop it starting. */
  public void startExpectingFailure() {
    script("start");
  }

  public void stop() {
    script("stop");
  }

  public void restart() {
    stop();
    start();
  }

  @Override
  public void close() {
    try {
      script("stop");
    } catch (RuntimeException e) {
      // Best effort at JVM exit.
    }
  }

  /** The running server's process, as Liberty recorded it. */
  public ProcessHandle process() {
    try {
      long pid = Long.parseLong(Files.readString(SERVERS.resolve(".pid/" + name + ".pid")).trim());
      return ProcessHandle.of(pid)
          .orElseThrow(() -> new IllegalStateException(name + " is not running"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://localhost:" + port + pathAndQuery);
  }

  public int port() {
    return port;
  }

  public String messagesLog() {
    try {
      Path log = SERVERS.resolve(name).resolve("logs/messages.log");
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits (bounded) until messages.log contains the text. */
  public void awaitLog(String text, Duration timeout) {
    Await.polling(
        "'" + text + "' in " + name + "'s log", timeout, POLL, () -> messagesLog().contains(text));
  }

  private void awaitReady(Duration timeout) {
    Await.polling(name + " to be ready", timeout, POLL, this::ready);
  }

  /** Ready: the application started and readiness answers 200; failing to start is final. */
  private boolean ready() {
    String log = messagesLog();
    if (log.contains("CWWKZ0002E") || log.contains("CWWKZ0004E")) {
      throw new IllegalStateException("Herald failed to start in " + name + ":\n" + log);
    }
    try {
      HttpResponse<Void> r =
          HTTP.send(
              HttpRequest.newBuilder(uri("/health/ready")).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200 && log.contains("CWWKZ0001I");
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void script(String action) {
    try {
      Process p =
          new ProcessBuilder(WLP.resolve("bin/server").toString(), action, name)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("server " + action + " " + name + " timed out");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path rel = from.relativize(f);
        if (rel.startsWith("logs") || rel.startsWith("workarea")) continue;
        Path target = to.resolve(rel);
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else Files.copy(f, target);
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
    }
  }
}
