package dev.herald.bench;

import static dev.herald.bench.MarkdownTable.count;
import static dev.herald.bench.MarkdownTable.decimal;
import static dev.herald.bench.Report.HERALD;
import static dev.herald.bench.Report.NCHAN;

/** The reconnect storm: every subscriber cut at once, then back with {@code Last-Event-ID}. */
final class StormSection {
  private StormSection() {}

  static void write(Report report) {
    ResultSet results = report.results;
    if (!results.has("storm", HERALD) && !results.has("storm", NCHAN)) {
      return;
    }
    report.text(
        """
        ## Reconnect storm

        As after a deploy: every subscriber of one topic is cut at once (the generator resets its \
        sockets), events are published while they are away, then all reopen evenly over the \
        spread, each with `Last-Event-ID` set to the last id it saw. *Resumed exactly*: it got \
        every missed event and then the first live one, once each and in order, and no `gap`. \
        *All caught up* and *all live* count from the first reopen until the last subscriber had \
        its last missed event, and the live event published once all had reconnected; catch-up \
        p50/p99 are per subscriber from its own reopen. *Last reopen at*: when the generator began \
        its last connect (later than the spread if the server held up the connects in flight). \
        Server CPU is over the storm.

        """);
    MarkdownTable t =
        new MarkdownTable(
            "server",
            "subscribers",
            "missed each",
            "spread (last reopen at)",
            "resumed exactly (fewest in any run)",
            "with missing / duplicates / gap",
            "not reconnected",
            "all caught up after",
            "all live after",
            "catch-up p50 / p99",
            "server CPU");
    for (String target : new String[] {HERALD, NCHAN}) {
      if (!results.has("storm", target)) {
        continue;
      }
      t.row(
          target,
          count(results.median("storm", target, 1, "subscribers")),
          count(results.median("storm", target, 1, "missed")),
          decimal(results.median("storm", target, 1, "spreadSeconds"), 1)
              + " s ("
              + decimal(results.median("storm", target, 1, "lastOpenSeconds"), 2)
              + " s)",
          count(results.min("storm", target, 1, "resumedExactly")),
          count(results.median("storm", target, 1, "withMissing"))
              + " / "
              + count(results.median("storm", target, 1, "withDuplicates"))
              + " / "
              + count(results.median("storm", target, 1, "withGap")),
          count(
              results.median("storm", target, 1, "subscribers")
                  - results.median("storm", target, 1, "reconnected")),
          decimal(results.median("storm", target, 1, "caughtUpSeconds"), 2) + " s",
          decimal(results.median("storm", target, 1, "liveSeconds"), 2) + " s",
          decimal(results.median("storm", target, 1, "caughtUpP50Ms"), 0)
              + " / "
              + decimal(results.median("storm", target, 1, "caughtUpP99Ms"), 0)
              + " ms",
          decimal(results.median("storm", target, 1, "serverCpuPct"), 0) + " %");
    }
    report.text(t.toString()).text("\n");
  }
}
