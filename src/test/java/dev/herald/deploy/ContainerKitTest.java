package dev.herald.deploy;

import static dev.herald.testing.DeployKit.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.Cidr;
import dev.herald.config.Durations;
import dev.herald.config.HeraldConfig;
import dev.herald.testing.DeployKit;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/container/: there is no Docker engine here, so the Dockerfile and compose.yaml are read
 * and held to the server, the config table and the nginx site they mount.
 */
class ContainerKitTest {
  private static final String DOCKERFILE = DeployKit.text("container/Dockerfile");
  private static final Object COMPOSE = DeployKit.yaml("container/compose.yaml").get(0);

  private static List<String> lines(String instruction) {
    return DOCKERFILE
        .lines()
        .filter(l -> l.startsWith(instruction + " "))
        .map(l -> l.substring(instruction.length() + 1).trim())
        .toList();
  }

  @Test
  void theImageIsBuiltOnOpenLibertyKernelSlimAsDocumented() {
    List<String> froms = lines("FROM");
    assertTrue(
        froms.get(froms.size() - 1).startsWith("icr.io/appcafe/open-liberty:kernel-slim-"),
        froms.toString());
    List<String> runs = lines("RUN");
    assertEquals(
        List.of("features.sh", "configure.sh"), runs.subList(runs.size() - 2, runs.size()));
    assertTrue(lines("COPY").contains("--chown=1001:0 src/main/liberty/config/ /config/"));
    String user = lines("USER").get(lines("USER").size() - 1);
    assertFalse(user.equals("root") || user.equals("0") || user.startsWith("0:"), user);
  }

  @Test
  void portsAgreeWithTheServer() {
    int port = Kit.serverDefaultPort();
    assertEquals(List.of("HTTP_PORT=" + port), lines("ENV"));
    assertEquals(List.of(String.valueOf(port)), lines("EXPOSE"));
    String check = DeployKit.healthCheck().get(2);
    assertTrue(check.contains("http://127.0.0.1:${HTTP_PORT}/health/ready"), check);
  }

  @Test
  void noSettingIsBakedIntoTheImage() {
    for (String env : lines("ENV")) {
      assertTrue(env.startsWith("HTTP_PORT="), "baked into the image: " + env);
    }
  }

  @Test
  void theBuildContextLeavesTargetOut() {
    List<String> ignore =
        DeployKit.text("container/Dockerfile.dockerignore")
            .lines()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    assertEquals(List.of("*", "!pom.xml", "!src/main/"), ignore);
  }

  @Test
  void composeRunsHeraldBehindTheShippedNginxSite() {
    Map<?, ?> herald = (Map<?, ?>) at(COMPOSE, "services.herald");
    Map<?, ?> environment = (Map<?, ?>) herald.get("environment");
    HeraldConfig config = Kit.config(environment, "compose.yaml");
    assertEquals(String.valueOf(Kit.serverDefaultPort()), environment.get("HTTP_PORT"));
    assertEquals("deploy/container/Dockerfile", at(herald, "build.dockerfile"));

    Object nginx = at(COMPOSE, "services.nginx");
    assertEquals("service:herald", at(nginx, "network_mode"));
    assertEquals("service_healthy", at(nginx, "depends_on.herald.condition"));
    // Sharing Herald's network, nginx connects from loopback: it must be the trusted proxy.
    assertTrue(
        config.trustedProxies().stream().anyMatch(c -> c.contains(Cidr.literal("127.0.0.1"))),
        "nginx is not a trusted proxy");

    String site = DeployKit.text("nginx/herald-local.conf");
    Matcher listen = Pattern.compile("listen (\\d+);").matcher(site);
    assertTrue(listen.find());
    assertEquals(List.of(listen.group(1) + ":" + listen.group(1)), herald.get("ports"));
    assertTrue(site.contains("server 127.0.0.1:" + environment.get("HTTP_PORT") + ";"));

    for (Object volume : (List<?>) at(nginx, "volumes")) {
      String[] parts = String.valueOf(volume).split(":");
      assertTrue(
          Files.isRegularFile(DeployKit.ROOT.resolve("container").resolve(parts[0])),
          "compose mounts a missing file: " + parts[0]);
      if (parts[0].endsWith("herald-proxy.conf")) {
        // nginx resolves the site's include against its conf dir, /etc/nginx.
        assertTrue(site.contains("include herald/herald-proxy.conf;"));
        assertEquals("/etc/nginx/herald/herald-proxy.conf", parts[1]);
      }
    }

    Duration grace = Durations.parse(String.valueOf(herald.get("stop_grace_period")));
    assertTrue(
        grace.compareTo(config.drain().plusSeconds(5)) >= 0, "stop_grace_period under the drain");
  }

  @Test
  void theRedisVariantRunsTwoInstancesOnOneRedis() {
    Object override = DeployKit.yaml("container/compose.redis.yaml").get(0);
    Map<?, ?> base = (Map<?, ?>) at(COMPOSE, "services.herald.environment");
    for (String instance : List.of("herald", "herald-2")) {
      Map<Object, Object> env = new java.util.LinkedHashMap<>();
      if (instance.equals("herald")) env.putAll(base);
      env.putAll((Map<?, ?>) at(override, "services." + instance + ".environment"));
      HeraldConfig config = Kit.config(env, "compose.redis.yaml " + instance);
      assertEquals(HeraldConfig.Backplane.REDIS, config.backplane(), instance);
      assertEquals("redis://redis:6379", config.redisUri(), instance);
      assertEquals(
          "service_healthy", at(override, "services." + instance + ".depends_on.redis.condition"));
    }
    // The second instance is the first one's twin: the same settings but for the backplane's.
    Map<?, ?> second = (Map<?, ?>) at(override, "services.herald-2.environment");
    for (var e : base.entrySet()) assertEquals(e.getValue(), second.get(e.getKey()), "herald-2");
    assertEquals("service:herald-2", at(override, "services.nginx-2.network_mode"));
    assertEquals(at(COMPOSE, "services.nginx.volumes"), at(override, "services.nginx-2.volumes"));
    List<?> command = (List<?>) at(override, "services.redis.command");
    assertTrue(command.containsAll(List.of("--appendonly", "yes", "--appendfsync", "always")));
  }
}
