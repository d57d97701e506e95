package dev.herald.testing;

import dev.herald.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped deployment kit ({@code deploy/}) as data: its manifests parsed, its command strings
 * taken out exactly as written, so tests hold them to the server and can run them against it.
 */
public final class DeployKit {
  public static final Path ROOT = Path.of("deploy");
  private static final Pattern HEALTHCHECK =
      Pattern.compile("^HEALTHCHECK\\s.*?\\bCMD\\s+(.+)$", Pattern.MULTILINE);

  private DeployKit() {}

  public static String text(String file) {
    try {
      return Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML document in the file. */
  public static List<Object> yaml(String file) {
    List<Object> docs = new ArrayList<>();
    new Yaml().loadAll(text(file)).forEach(docs::add);
    return docs;
  }

  /** The one document of that kind in {@code deploy/kubernetes/} (the base, not its overlays). */
  public static Object kubernetes(String kind) {
    return kubernetes("kubernetes", kind);
  }

  /** The one document of that kind among the YAML files of {@code deploy/<dir>/}. */
  public static Object kubernetes(String dir, String kind) {
    List<Object> found = new ArrayList<>();
    for (String file : yamlFiles(dir)) {
      for (Object doc : yaml(dir + "/" + file)) {
        if (kind.equals(at(doc, "kind"))) found.add(doc);
      }
    }
    if (found.size() != 1) throw new AssertionError(found.size() + " documents of kind " + kind);
    return found.get(0);
  }

  /** The YAML files directly in {@code deploy/<dir>/}, by name. */
  public static List<String> yamlFiles(String dir) {
    try (var files = Files.list(ROOT.resolve(dir))) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The value at a path of map keys and list indexes ({@code spec.template.spec.containers[0]}),
   * failing if any step is missing.
   */
  public static Object at(Object node, String path) {
    Object n = node;
    for (String step : path.split("\\.")) {
      Matcher m = Pattern.compile("([^\\[]*)((?:\\[\\d+])*)").matcher(step);
      if (!m.matches()) throw new IllegalArgumentException(step);
      if (!m.group(1).isEmpty()) {
        if (!(n instanceof Map<?, ?> map) || !map.containsKey(m.group(1))) {
          throw new AssertionError("no '" + m.group(1) + "' in " + path);
        }
        n = map.get(m.group(1));
      }
      for (String i : m.group(2).replace("]", "").split("\\[")) {
        if (i.isEmpty()) continue;
        n = ((List<?>) n).get(Integer.parseInt(i));
      }
    }
    return n;
  }

  /** The container's {@code preStop} exec command, argument by argument. */
  public static List<String> preStop() {
    Object command =
        at(
            kubernetes("Deployment"),
            "spec.template.spec.containers[0].lifecycle.preStop.exec.command");
    return ((List<?>) command).stream().map(String::valueOf).toList();
  }

  /** The Dockerfile's {@code HEALTHCHECK} command: shell form, so run by {@code /bin/sh -c}. */
  public static List<String> healthCheck() {
    String dockerfile = text("container/Dockerfile").replace("\\\n", " ");
    Matcher m = HEALTHCHECK.matcher(dockerfile);
    if (!m.find()) throw new AssertionError("no HEALTHCHECK in the Dockerfile");
    return List.of("/bin/sh", "-c", m.group(1).trim());
  }

  /** The setting an environment variable sets, as MicroProfile Config maps names. */
  public static Optional<Setting> setting(String environmentName) {
    return Arrays.stream(Setting.values())
        .filter(s -> s.envVar().equals(environmentName))
        .findFirst();
  }

  /** What a command printed and how it ended. */
  public record Outcome(int exitCode, String output, Duration took) {}

  /** Runs a kit command as the container would, with Herald's port in {@code HTTP_PORT}. */
  public static Outcome run(List<String> command, int httpPort) {
    try {
      long start = System.nanoTime();
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("HTTP_PORT", String.valueOf(httpPort));
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish");
      }
      return new Outcome(
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
