package dev.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StormTallyTest {
  /** Two events before the cut, three missed, then the live event (sequence number 5). */
  private final StormTally tally = new StormTally(4, 2, 3);

  private void deliver(int subscriber, int... seqs) {
    for (int seq : seqs) {
      tally.delivered(subscriber, seq, 1000 + seq);
    }
  }

  @Test
  void aSubscriberThatGotEveryEventOnceInOrderResumedExactly() {
    deliver(0, 0, 1, 2, 3, 4, 5);
    assertTrue(tally.exact(0));
    assertEquals(0, tally.missing(0));
    assertEquals(1004, tally.caughtUpNanos(0));
    assertEquals(1005, tally.liveNanos(0));
    assertEquals(1, tally.caughtUp());
    assertEquals(1, tally.reachedLive());
  }

  @Test
  void aReplayFromTooEarlyIsADuplicateAndNoReplayIsMissing() {
    deliver(1, 0, 1, 1, 2, 3, 4, 5);
    assertFalse(tally.exact(1));
    assertEquals(1, tally.duplicates(1));
    assertEquals(0, tally.missing(1));

    deliver(2, 0, 1, 5); // resumed live only, as a server ignoring the cursor would
    assertFalse(tally.exact(2));
    assertEquals(3, tally.missing(2));
    assertEquals(1005, tally.caughtUpNanos(2));
  }

  @Test
  void aSubscriberThatStoppedShortMissesTheRest() {
    deliver(3, 0, 1, 2);
    assertFalse(tally.exact(3));
    assertEquals(3, tally.missing(3));
    assertEquals(0, tally.caughtUpNanos(3));
    assertEquals(0, tally.reachedLive());
  }
}
