package dev.herald.e2e;

import dev.herald.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian's {@code nginx-light}) run by the test from a prefix directory of its own:
 * the shipped files of {@code deploy/nginx/} copied under {@code herald/}, each edited only by the
 * exact substitutions a test asks for, so what is tested is what users install.
 */
public final class Nginx implements AutoCloseable {
  static final Path SHIPPED = Path.of("deploy/nginx");
  private static final String BINARY = "/usr/sbin/nginx";

  private final Path prefix;
  private final Process process;
  private final Map<String, Integer> ports;

  private Nginx(Path prefix, Process process, Map<String, Integer> ports) {
    this.prefix = prefix;
    this.process = process;
    this.ports = ports;
  }

  /** What to run: a site file, with substitutions per shipped file. */
  public static final class Site {
    private final String siteFile;
    private final Map<String, Map<String, String>> edits = new LinkedHashMap<>();
    private final Map<String, Integer> listens = new LinkedHashMap<>();
    private String ownSite;

    private Site(String siteFile) {
      this.siteFile = siteFile;
    }

    /** One of the shipped site files ({@code herald-local.conf}, {@code herald.conf}). */
    public static Site shipped(String siteFile) {
      return new Site(siteFile);
    }

    /** A site written by the test itself, not shipped (a misconfiguration, say). */
    public static Site own(String text) {
      Site s = new Site("own-site.conf");
      s.ownSite = text;
      return s;
    }

    /** In shipped file {@code file}, replaces the exact text {@code from}, which must be there. */
    public Site replace(String file, String from, String to) {
      edits.computeIfAbsent(file, f -> new LinkedHashMap<>()).put(from, to);
      return this;
    }

    /** Points the upstream at Herald's real port: the one line that names Herald's address. */
    public Site herald(int port) {
      return replace(siteFile, "server 127.0.0.1:9080;", "server 127.0.0.1:" + port + ";");
    }

    /**
     * Moves the shipped {@code listen} directive (its text after {@code listen }, up to and with
     * its {@code ;}) to a free loopback port, known afterwards as {@link Nginx#port(String)}.
     */
    public Site listen(String name, String shippedListen) {
      int port = freePort();
      listens.put(name, port);
      String rest = shippedListen.substring(shippedListen.split("[ ;]")[0].length());
      return replace(siteFile, "listen " + shippedListen, "listen 127.0.0.1:" + port + rest);
    }
  }

  public static Nginx start(String name, Site site) {
    try {
      Path prefix = Path.of("target/nginx", name).toAbsolutePath();
      Path herald = prefix.resolve("herald");
      Files.createDirectories(herald);
      Files.createDirectories(prefix.resolve("logs"));
      try (var files = Files.list(SHIPPED)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.writeString(herald.resolve(f.getFileName()), edited(f, site));
        }
      }
      if (site.ownSite != null) {
        Files.writeString(herald.resolve(site.siteFile), edited(site.siteFile, site.ownSite, site));
      }
      for (String file : site.edits.keySet()) {
        boolean known = Files.exists(SHIPPED.resolve(file)) || file.equals(site.siteFile);
        if (!known) throw new IllegalArgumentException("no such file to edit: " + file);
      }
      Files.writeString(prefix.resolve("nginx.conf"), main(prefix, site.siteFile));
      Process p =
          new ProcessBuilder(
                  BINARY, "-p", prefix + "/", "-c", prefix.resolve("nginx.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
              .start();
      Nginx nginx = new Nginx(prefix, p, site.listens);
      for (int port : site.listens.values()) nginx.awaitListening(port);
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String edited(Path file, Site site) throws IOException {
    return edited(file.getFileName().toString(), Files.readString(file), site);
  }

  private static String edited(String file, String text, Site site) {
    for (var e : site.edits.getOrDefault(file, Map.of()).entrySet()) {
      if (!text.contains(e.getKey()))
        throw new IllegalStateException(file + " no longer contains: " + e.getKey());
      text = text.replace(e.getKey(), e.getValue());
    }
    return text;
  }

  /** A minimal nginx.conf around the site, as Debian's own includes a site from its http block. */
  private static String main(Path prefix, String siteFile) {
    return String.join(
        "\n",
        "daemon off;",
        "master_process on;",
        "worker_processes 1;",
        "pid " + prefix.resolve("nginx.pid") + ";",
        "error_log " + prefix.resolve("logs/error.log") + " info;",
        "events { worker_connections 1024; }",
        "http {",
        "  access_log " + prefix.resolve("logs/access.log") + ";",
        "  include herald/" + siteFile + ";",
        "}",
        "");
  }

  private void awaitListening(int port) {
    Await.polling(
        "nginx listening on " + port,
        Duration.ofSeconds(10),
        Duration.ofMillis(50),
        () -> {
          if (!process.isAlive()) throw new IllegalStateException("nginx exited: " + log());
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
          } catch (IOException e) {
            return false;
          }
        });
  }

  public int port(String name) {
    return ports.get(name);
  }

  public URI uri(String listen, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port(listen) + pathAndQuery);
  }

  /** The access log so far: one line per request nginx answered. */
  public String accessLog() {
    try {
      return Files.readString(prefix.resolve("logs/access.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** nginx's own output and error log, for failure messages. */
  public String log() {
    try {
      Path error = prefix.resolve("logs/error.log");
      return Files.readString(prefix.resolve("logs/stdout.log"))
          + (Files.exists(error) ? Files.readString(error) : "");
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: nginx's fast shutdown
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
