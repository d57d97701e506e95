package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The smoke run's verdict: did the harness work? It checks that connections opened, events were
 * delivered and none went missing at the trivially low smoke rates. It says nothing about speed.
 */
final class SmokeCheck {
  private SmokeCheck() {}

  /**
   * Checks the records; {@code expected} lists {@code scenario:target} pairs that must each have
   * produced at least one result (a scenario that crashed leaves none).
   */
  static boolean check(List<ResultRecord> records, List<String> expected) {
    List<String> problems = new ArrayList<>();
    for (String pair : expected) {
      String[] parts = pair.split(":");
      boolean found =
          records.stream()
              .anyMatch(
                  r -> parts[0].equals(r.get("scenario")) && parts[1].equals(r.get("target")));
      if (!found) {
        problems.add(pair + ": no results");
      }
    }
    int rampSteps = 0;
    for (ResultRecord r : records) {
      String where = r.get("scenario") + "/" + r.get("target") + " step " + r.get("step");
      String step = r.get("step");
      if ("end".equals(step)) {
        if (r.number("missingTotal") > 0) {
          problems.add(where + ": " + r.get("missingTotal") + " events missing in total");
        }
        continue;
      }
      if (r.number("connected") < r.number("subscribers")) {
        problems.add(
            where + ": " + r.get("connected") + " of " + r.get("subscribers") + " connected");
      }
      if (r.number("connectErrors") > 0) {
        problems.add(where + ": " + r.get("connectErrors") + " connect errors");
      }
      switch (r.get("scenario")) {
        case "idle" -> {
          if (!(r.number("rssBytes") > 0)) {
            problems.add(where + ": no server RSS (wrong --server-pids?)");
          }
        }
        case "publish", "batch" -> {
          rampSteps++;
          if (!(r.number("accepted") > 0) || r.number("failed") > 0) {
            problems.add(
                where + ": " + r.get("accepted") + " accepted, " + r.get("failed") + " failed");
          }
        }
        case "storm" -> {
          rampSteps++;
          if (r.number("resumedExactly") < r.number("subscribers")
              || r.number("publishFailed") > 0) {
            problems.add(
                where
                    + ": "
                    + r.get("resumedExactly")
                    + " of "
                    + r.get("subscribers")
                    + " resumed exactly ("
                    + r.get("withMissing")
                    + " missing events, "
                    + r.get("withDuplicates")
                    + " duplicates, "
                    + r.get("withGap")
                    + " gaps), "
                    + r.get("publishFailed")
                    + " failed publishes");
          }
        }
        case "h2" -> {
          if (Double.isFinite(r.number("publishRate"))) {
            rampSteps++;
            if (!(r.number("deliveries") > 0) || r.number("missing") > 0) {
              problems.add(
                  where
                      + ": "
                      + r.get("deliveries")
                      + " delivered, "
                      + r.get("missing")
                      + " missing");
            }
          } else if (!(r.number("rssBytes") > 0)
              || r.number("serverSockets") > r.number("connections")) {
            // More sockets than connections: the streams did not share them, which is the point.
            problems.add(
                where
                    + ": RSS "
                    + r.get("rssBytes")
                    + ", "
                    + r.get("serverSockets")
                    + " sockets for "
                    + r.get("connections")
                    + " connections");
          }
        }
        case "churn" -> {
          if (!(r.number("succeeded") > 0) || r.number("errors") > 0) {
            problems.add(
                where + ": churn " + r.get("succeeded") + " ok, " + r.get("errors") + " errors");
          }
        }
        default -> {
          rampSteps++;
          if (!(r.number("deliveries") > 0)) {
            problems.add(where + ": nothing delivered");
          }
          if (r.number("missing") > 0 || r.number("publishFailed") > 0) {
            problems.add(
                where
                    + ": "
                    + r.get("missing")
                    + " missing, "
                    + r.get("publishFailed")
                    + " failed publishes");
          }
        }
      }
    }
    if (rampSteps == 0) {
      problems.add("no publishing scenario produced a result");
    }
    problems.forEach(p -> System.out.println("SMOKE PROBLEM " + p));
    System.out.println(
        problems.isEmpty()
            ? "smoke: harness OK (" + records.size() + " results checked)"
            : "smoke: " + problems.size() + " problems");
    return problems.isEmpty();
  }
}
