package dev.herald.e2e;

import dev.herald.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} (Debian's) on a free port, with its append-only file fsynced on every
 * write, so a test can kill it, start it again from its file, or pause it with SIGSTOP.
 */
public final class RedisServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;

  private RedisServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public static RedisServer start(String name) {
    try {
      Path dir = Path.of("target/redis", name).toAbsolutePath();
      if (Files.exists(dir)) {
        try (var files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
      Files.createDirectories(dir);
      RedisServer redis = new RedisServer(dir, Nginx.freePort());
      redis.launch();
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void launch() throws IOException {
    process =
        new ProcessBuilder(
                List.of(
                    "/usr/bin/redis-server",
                    "--port",
                    String.valueOf(port),
                    "--bind",
                    "127.0.0.1",
                    "--dir",
                    dir.toString(),
                    "--appendonly",
                    "yes",
                    "--appendfsync",
                    "always",
                    "--save",
                    "",
                    // Small stream nodes, so approximate trimming (MAXLEN ~, MINID ~) shows.
                    "--stream-node-max-entries",
                    "4"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
            .start();
    Await.polling(
        "redis-server on " + port,
        Duration.ofSeconds(10),
        Duration.ofMillis(50),
        () -> {
          if (!process.isAlive()) throw new IllegalStateException("redis-server exited");
          try (Jedis j = client()) {
            return "PONG".equals(j.ping());
          } catch (RuntimeException e) {
            return false;
          }
        });
  }

  public Jedis client() {
    return new Jedis("127.0.0.1", port, 2000);
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** SIGKILL: whatever was acknowledged is in the append-only file. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Starts it again on the same port from its append-only file. */
  public void restart() throws IOException {
    launch();
  }

  public void pause() {
    signal("STOP");
  }

  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      resume();
      process.destroyForcibly();
    }
  }
}
