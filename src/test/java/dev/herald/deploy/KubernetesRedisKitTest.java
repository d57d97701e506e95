package dev.herald.deploy;

import static dev.herald.testing.DeployKit.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.testing.DeployKit;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/redis/: the multi-replica overlay. Its patches name the base's objects, turn
 * the Redis backplane on where the bundled Redis listens, and roll pods without losing capacity.
 */
class KubernetesRedisKitTest {
  private static final String DIR = "kubernetes/redis";

  private static Object patch(String kind) {
    return DeployKit.kubernetes(DIR, kind);
  }

  @Test
  void thePatchesNameTheBasesObjects() {
    for (String kind : List.of("Deployment", "ConfigMap")) {
      assertEquals(
          at(DeployKit.kubernetes(kind), "metadata.name"), at(patch(kind), "metadata.name"), kind);
    }
    Object kustomization = DeployKit.yaml(DIR + "/kustomization.yaml").get(0);
    Set<String> listed =
        Set.of("../", "redis.yaml", "deployment-patch.yaml", "configmap-patch.yaml");
    Set<String> named = new java.util.HashSet<>();
    for (Object r : (List<?>) at(kustomization, "resources")) named.add((String) r);
    for (Object p : (List<?>) at(kustomization, "patches")) named.add((String) at(p, "path"));
    assertEquals(listed, named);
    Set<String> files = new java.util.HashSet<>(DeployKit.yamlFiles(DIR));
    files.remove("kustomization.yaml");
    files.add("../");
    assertEquals(listed, files, "a file of the overlay is not used");
  }

  @Test
  void severalReplicasRollWithoutLosingCapacity() {
    Object deployment = patch("Deployment");
    assertTrue((int) at(deployment, "spec.replicas") > 1);
    assertEquals("RollingUpdate", at(deployment, "spec.strategy.type"));
    assertEquals(0, at(deployment, "spec.strategy.rollingUpdate.maxUnavailable"));
  }

  @Test
  void theMergedSettingsStartHeraldOnTheBundledRedis() {
    Map<Object, Object> env = new LinkedHashMap<>();
    env.putAll((Map<?, ?>) at(DeployKit.kubernetes("ConfigMap"), "data"));
    env.putAll((Map<?, ?>) at(patch("ConfigMap"), "data"));
    HeraldConfig config = Kit.config(env, "configmap-patch.yaml");
    assertEquals(HeraldConfig.Backplane.REDIS, config.backplane());

    Object service = DeployKit.kubernetes(DIR, "Service");
    Map<?, ?> port = (Map<?, ?>) ((List<?>) at(service, "spec.ports")).get(0);
    URI redis = URI.create(config.redisUri());
    assertEquals(at(service, "metadata.name"), redis.getHost());
    assertEquals(port.get("port"), redis.getPort());
    Object redisSet = DeployKit.kubernetes(DIR, "StatefulSet");
    assertEquals(at(service, "spec.selector"), at(redisSet, "spec.template.metadata.labels"));
    List<?> args = (List<?>) at(redisSet, "spec.template.spec.containers[0].args");
    assertTrue(
        args.containsAll(List.of("--appendonly", "yes", "--appendfsync", "always")),
        "acknowledged events must survive a Redis restart: " + args);
  }
}
