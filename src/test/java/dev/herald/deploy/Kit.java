package dev.herald.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.testing.DeployKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kit's tests share: the server's own port, and environment blocks read as Herald would.
 */
final class Kit {
  private Kit() {}

  /** The port the server listens on unless told otherwise: server.xml's default. */
  static int serverDefaultPort() {
    try {
      String xml = Files.readString(Path.of("src/main/liberty/config/server.xml"));
      Matcher m = Pattern.compile("name=\"http\\.port\" defaultValue=\"(\\d+)\"").matcher(xml);
      assertTrue(m.find(), "server.xml names no default http.port");
      return Integer.parseInt(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An environment block read as Herald's configuration: every name other than {@code HTTP_PORT}
   * must be a setting, and the values must pass startup's checks.
   */
  static HeraldConfig config(Map<?, ?> environment, String where) {
    Map<String, String> values = new LinkedHashMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.equals("HTTP_PORT")) return;
          var setting = DeployKit.setting(String.valueOf(name));
          assertTrue(setting.isPresent(), where + ": " + name + " is not a Herald setting");
          values.put(setting.get().key(), String.valueOf(value));
        });
    return HeraldConfig.of(values);
  }
}
