package dev.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One connection per browser, not per tab: eight tabs of one origin share one stream, through a
 * shared worker, or through a leader tab where the browser has no shared workers. Each tab gets
 * exactly its own topics' events, from when it joined; the tab that holds the connection can close
 * without a loss. (Over HTTP/1.1 a browser allows six connections per origin: the seventh tab of a
 * stream per tab would hang.)
 */
@org.junit.jupiter.api.extension.ExtendWith(BrowserRig.class)
class BrowserTabsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int TABS = 8;

  private final BrowserRig rig = BrowserRig.get();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @SuppressWarnings("unchecked")
  private static List<String> seen(Browser.Tab tab) {
    List<Map<String, Object>> got = (List<Map<String, Object>>) tab.eval("return window.received;");
    return got.stream().map(e -> e.get("topic") + " " + e.get("data")).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"worker", "leader"})
  void eightTabsShareOneConnectionAndTheOneHoldingItCanClose(String mode) throws Exception {
    String all = "tabs/" + run + "/all";
    String[] switches = mode.equals("leader") ? new String[] {"noSharedWorker"} : new String[0];
    List<Browser.Tab> tabs = new ArrayList<>();
    for (int i = 0; i < TABS; i++) {
      if (i == TABS - 1) rig.publish(all, "before the last tab");
      Browser.Tab tab =
          rig.browser.open(
              rig.page(
                  List.of(all, "tabs/" + run + "/" + i),
                  "{\"backoff\":{\"base\":200,\"cap\":1000}}",
                  switches));
      tab.await("tab " + i + " to open", "window.lifecycle.some(l => l.kind === 'open')", WAIT);
      tabs.add(tab);
    }
    rig.herald.awaitConnections(1, WAIT);
    String role = mode.equals("leader") ? "leader" : "worker";
    assertEquals(
        role,
        tabs.get(0).eval("return window.lifecycle.find(l => l.kind === 'open').info.shared;"));

    for (int i = 0; i < TABS; i++) rig.publish("tabs/" + run + "/" + i, "for " + i);
    for (int i = 0; i < TABS; i++) {
      String own = "tabs/" + run + "/" + i;
      Browser.Tab tab = tabs.get(i);
      tab.await(
          "tab " + i + "'s own event",
          "window.received.some(e => e.topic === '" + own + "')",
          WAIT);
      List<String> expected = new ArrayList<>();
      if (i < TABS - 1) expected.add(all + " before the last tab");
      expected.add(own + " for " + i);
      assertEquals(expected, seen(tab), "tab " + i + " gets its own topics, from when it joined");
    }

    // Events keep coming while the tab that holds the connection closes.
    int n = 60;
    Thread publisher =
        new Thread(
            () -> {
              for (int k = 0; k < n; k++) {
                rig.publish(all, "n" + k);
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
              }
            });
    publisher.start();
    LockSupport.parkNanos(Duration.ofMillis(800).toNanos());
    tabs.remove(0).close();
    publisher.join(WAIT.toMillis());
    List<String> stream = IntStream.range(0, n).mapToObj(k -> all + " n" + k).toList();
    for (Browser.Tab tab : tabs) {
      tab.await(
          "every event",
          "window.received.filter(e => e.topic === '"
              + all
              + "' && e.data.startsWith('n')).length >= "
              + n,
          WAIT);
      List<String> got = seen(tab).stream().filter(e -> e.startsWith(all + " n")).toList();
      assertEquals(stream, got, "every event once, in order, across the handover");
    }
    rig.herald.awaitConnections(1, WAIT);
  }
}
