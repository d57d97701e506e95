package dev.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SmokeCheckTest {
  private static ResultRecord fanoutStep(String target, long missing) {
    return new ResultRecord()
        .put("scenario", "fanout")
        .put("target", target)
        .put("step", 1)
        .put("subscribers", 50)
        .put("connected", 50)
        .put("connectErrors", 0)
        .put("deliveries", 500)
        .put("missing", missing)
        .put("publishFailed", 0);
  }

  @Test
  void passesAWorkingRun() {
    assertTrue(SmokeCheck.check(List.of(fanoutStep("herald", 0)), List.of("fanout:herald")));
  }

  @Test
  void failsOnMissingEventsOrAScenarioWithoutResults() {
    assertFalse(SmokeCheck.check(List.of(fanoutStep("herald", 3)), List.of()));
    assertFalse(
        SmokeCheck.check(List.of(fanoutStep("herald", 0)), List.of("fanout:herald", "idle:nchan")));
  }

  private static ResultRecord h2Stage(int sockets) {
    return new ResultRecord()
        .put("scenario", "h2")
        .put("target", "nchan")
        .put("step", 1)
        .put("connections", 4)
        .put("subscribers", 40)
        .put("connected", 40)
        .put("connectErrors", 0)
        .put("serverSockets", sockets)
        .put("rssBytes", 1 << 20);
  }

  @Test
  void failsHttp2StreamsThatDidNotShareTheirConnections() {
    ResultRecord fanout = fanoutStep("herald", 0);
    assertTrue(SmokeCheck.check(List.of(h2Stage(4), fanout), List.of("h2:nchan")));
    assertFalse(SmokeCheck.check(List.of(h2Stage(40), fanout), List.of("h2:nchan")));
  }

  @Test
  void failsAStormWhereASubscriberDidNotResumeExactly() {
    ResultRecord storm =
        new ResultRecord()
            .put("scenario", "storm")
            .put("target", "nchan")
            .put("step", 1)
            .put("subscribers", 20)
            .put("connected", 20)
            .put("connectErrors", 0)
            .put("publishFailed", 0)
            .put("resumedExactly", 20);
    assertTrue(SmokeCheck.check(List.of(storm), List.of("storm:nchan")));
    storm.put("resumedExactly", 19).put("withMissing", 1);
    assertFalse(SmokeCheck.check(List.of(storm), List.of("storm:nchan")));
  }

  @Test
  void readsTheServersOwnCounts() {
    assertEquals(
        7,
        ServerCount.parse(
            Pattern.compile("\"connections\"\\s*:\\s*(\\d+)"),
            "{\"checks\":[{\"name\":\"herald-ready\",\"data\":{\"connections\":7}}]}"));
    assertEquals(
        12,
        ServerCount.parse(
            Pattern.compile("(?m)^subscribers:\\s*(\\d+)"), "channels: 3\nsubscribers: 12\n"));
  }
}
