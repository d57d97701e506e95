package dev.herald.deploy;

import static dev.herald.testing.DeployKit.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.testing.DeployKit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes/: probes, ports, keys and timeouts agree with the server and each other. */
class KubernetesKitTest {
  private static final Object DEPLOYMENT = DeployKit.kubernetes("Deployment");
  private static final Object CONTAINER = at(DEPLOYMENT, "spec.template.spec.containers[0]");

  private static Map<?, ?> map(Object node, String path) {
    return (Map<?, ?>) at(node, path);
  }

  private static List<?> list(Object node, String path) {
    return (List<?>) at(node, path);
  }

  private static HeraldConfig configMap() {
    return Kit.config(map(DeployKit.kubernetes("ConfigMap"), "data"), "configmap.yaml");
  }

  @Test
  void theContainerListensWhereTheServerAndItsEnvironmentSay() {
    Map<?, ?> port = (Map<?, ?>) list(CONTAINER, "ports").get(0);
    assertEquals("http", port.get("name"));
    assertEquals(Kit.serverDefaultPort(), port.get("containerPort"));
    Map<?, ?> env = (Map<?, ?>) list(CONTAINER, "env").get(0);
    assertEquals("HTTP_PORT", env.get("name"));
    assertEquals(String.valueOf(port.get("containerPort")), env.get("value"));
  }

  @Test
  void probesAskHeraldsOwnHealthChecks() {
    assertEquals("/health/started", at(CONTAINER, "startupProbe.httpGet.path"));
    assertEquals("/health/live", at(CONTAINER, "livenessProbe.httpGet.path"));
    assertEquals("/health/ready", at(CONTAINER, "readinessProbe.httpGet.path"));
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertEquals("http", at(CONTAINER, probe + ".httpGet.port"), probe);
    }
    assertTrue((int) at(CONTAINER, "livenessProbe.failureThreshold") >= 3);
    // Startup gets long enough for a cold Liberty (about 10 s here; far more on a busy node).
    int startup =
        (int) at(CONTAINER, "startupProbe.periodSeconds")
            * (int) at(CONTAINER, "startupProbe.failureThreshold");
    assertTrue(startup >= 60, "startup allowed only " + startup + " s");
  }

  @Test
  void everyEnvironmentKeyIsASettingAndTheirValuesStartHerald() {
    HeraldConfig config = configMap();
    assertTrue(config.maxConnectionsPerClient() > 0, "internet-facing: limit each client");
    Kit.config(map(DeployKit.kubernetes("Secret"), "stringData"), "secret.yaml");
    List<?> envFrom = list(CONTAINER, "envFrom");
    assertEquals(
        at(DeployKit.kubernetes("ConfigMap"), "metadata.name"),
        at(envFrom.get(0), "configMapRef.name"));
    assertEquals(
        at(DeployKit.kubernetes("Secret"), "metadata.name"), at(envFrom.get(1), "secretRef.name"));
  }

  @Test
  void preStopDrainsThenWaitsOutTheDrainWithinTheGracePeriod() {
    List<String> command = DeployKit.preStop();
    assertEquals(List.of("/bin/sh", "-c"), command.subList(0, 2));
    String script = command.get(2);
    assertTrue(
        script.startsWith("curl -fsS -X POST \"http://127.0.0.1:${HTTP_PORT}/api/admin/drain\";"),
        script);
    Matcher sleep = Pattern.compile("; sleep (\\d+)$").matcher(script);
    assertTrue(sleep.find(), script);
    long sleepSeconds = Long.parseLong(sleep.group(1));
    long drainSeconds = configMap().drain().toSeconds();
    assertTrue(sleepSeconds >= drainSeconds, "preStop sleeps less than the drain");
    int grace = (int) at(DEPLOYMENT, "spec.template.spec.terminationGracePeriodSeconds");
    assertTrue(grace >= sleepSeconds + drainSeconds + 3, "grace period " + grace + " s too short");
  }

  @Test
  void oneReplicaReplacedNotRolledWhileTheLogIsInMemory() {
    assertEquals(1, at(DEPLOYMENT, "spec.replicas"));
    assertEquals("Recreate", at(DEPLOYMENT, "spec.strategy.type"));
  }

  @Test
  void theServiceIngressAndBudgetReachThesePods() {
    Map<?, ?> podLabels = map(DEPLOYMENT, "spec.template.metadata.labels");
    assertEquals(podLabels, map(DEPLOYMENT, "spec.selector.matchLabels"));
    Object service = DeployKit.kubernetes("Service");
    assertTrue(podLabels.entrySet().containsAll(map(service, "spec.selector").entrySet()));
    Map<?, ?> servicePort = (Map<?, ?>) list(service, "spec.ports").get(0);
    assertEquals("http", servicePort.get("targetPort"));
    Object pdb = DeployKit.kubernetes("PodDisruptionBudget");
    assertEquals(podLabels, map(pdb, "spec.selector.matchLabels"));

    Object ingress = DeployKit.kubernetes("Ingress");
    Map<String, String> routed = new HashMap<>();
    for (Object path : list(ingress, "spec.rules[0].http.paths")) {
      assertEquals(at(service, "metadata.name"), at(path, "backend.service.name"));
      assertEquals(servicePort.get("name"), at(path, "backend.service.port.name"));
      routed.put((String) at(path, "path"), (String) at(path, "pathType"));
    }
    assertEquals(
        Map.of(
            "/sse", "Prefix", "/api/topics", "Prefix", "/api/events", "Exact", "/health", "Prefix"),
        routed,
        "exactly the public paths: never /api/admin/, /metrics or /openapi");
  }

  @Test
  void theIngressNeitherBuffersNorTimesOutAStream() {
    Map<?, ?> annotations = map(DeployKit.kubernetes("Ingress"), "metadata.annotations");
    assertEquals("off", annotations.get("nginx.ingress.kubernetes.io/proxy-buffering"));
    long heartbeat = configMap().heartbeat().toSeconds();
    for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
      long seconds =
          Long.parseLong((String) annotations.get("nginx.ingress.kubernetes.io/" + timeout));
      assertTrue(seconds >= 4 * heartbeat, timeout + " " + seconds + " s is near the heartbeat");
    }
  }

  @Test
  void theKustomizationListsEveryManifest() {
    Object kustomization = DeployKit.yaml("kubernetes/kustomization.yaml").get(0);
    Set<String> files = new java.util.HashSet<>(DeployKit.yamlFiles("kubernetes"));
    files.remove("kustomization.yaml");
    assertEquals(files, Set.copyOf(list(kustomization, "resources")));
  }
}
