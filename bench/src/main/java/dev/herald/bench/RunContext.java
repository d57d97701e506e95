package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What every scenario run needs: the server under test, how to observe it, and where results go.
 *
 * @param scenario the name results are filed under (one command serves several scenarios)
 * @param serverPids processes whose RSS and CPU are the server's (nginx master and worker)
 * @param jvmPid the server's JVM for heap figures, or 0 when it is not a JVM
 * @param connectConcurrency subscriptions connecting at once (sent, response head not yet read)
 * @param token the bearer token publishes carry, or empty for none
 */
record RunContext(
    String scenario,
    Target target,
    int port,
    List<Long> serverPids,
    long jvmPid,
    int run,
    int selectorThreads,
    int connectConcurrency,
    int payloadSize,
    Topics topics,
    String token,
    ResultLog log) {

  static RunContext from(Options o, String defaultScenario) {
    String scenario = o.string("scenario", defaultScenario);
    int run = o.integer("run", 1);
    return new RunContext(
        scenario,
        Target.parse(o.required("target")),
        o.integer("port", 18080),
        o.pids("server-pids"),
        o.integer("jvm-pid", 0),
        run,
        // One core for the generator: a second selector thread only adds context switches
        // (measured: same ceiling, higher p50 against the trivial sender).
        o.integer("selector-threads", 1),
        o.integer("connect-concurrency", 256),
        o.integer("payload-bytes", 100),
        new Topics(o.string("topic-prefix", Topics.freshPrefix(scenario, run))),
        o.string("token", ""),
        new ResultLog(Path.of(o.required("results"))));
  }

  SubscriberPool newPool(int topicCount, Duration headTimeout) throws IOException {
    return new SubscriberPool(
        target,
        port,
        this.topics,
        topicCount,
        selectorThreads,
        connectConcurrency,
        headTimeout,
        null);
  }

  /** A record already carrying the scenario, target and run. */
  ResultRecord record() {
    return new ResultRecord()
        .put("scenario", scenario)
        .put("target", target.label())
        .put("run", run);
  }

  long serverRss() {
    return ProcessProbe.rssBytes(serverPids);
  }

  double serverCpuSeconds() {
    return ProcessProbe.cpuSeconds(serverPids);
  }

  /** Heap after a forced GC in the server's JVM, or -1 for a server that is no JVM. */
  long serverHeapAfterGc() {
    return jvmPid > 0 ? HeapProbe.usedAfterGc(jvmPid) : -1;
  }

  /** Open subscriptions by the server's own count, or -1 when it keeps none we can read. */
  int serverSubscriberCount() {
    return ServerCount.subscribers(target, port);
  }
}
