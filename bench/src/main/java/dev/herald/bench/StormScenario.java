package dev.herald.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import org.HdrHistogram.Histogram;

/**
 * A reconnect storm, as after a deploy: every subscriber of a topic is cut at once, events are
 * published while they are away, and all of them reopen within a short window, each sending the
 * last event id it saw. Measures how long until every subscriber has its missed events, and until a
 * live event published after the reconnect reached them all; checks that each got exactly the
 * events it missed, in order, with no duplicate and no gap.
 */
final class StormScenario {
  private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(30);
  // One connection, each publish sent when the last is answered: the server's order is then the
  // sequence numbers' order, which the exactness check relies on. Over several connections two
  // publishes in flight at once may be logged either way round.
  private static final int PUBLISHERS = 1;
  private static final double SLOT_SECONDS = 0.005;
  private static final long QUIET_NANOS = 3_000_000_000L;

  private final RunContext context;
  private final int subscribers;
  private final int before;
  private final int missed;
  private final double spreadSeconds;
  private final double publishRate;
  private final int warmupSubscribers;
  private final int warmupRounds;
  private final double timeoutSeconds;

  StormScenario(RunContext context, Options o) {
    this.context = context;
    this.subscribers = o.integer("subscribers", 1000);
    this.before = o.integer("before", 3);
    this.missed = o.integer("missed", 100);
    this.spreadSeconds = o.decimal("spread-seconds", 1);
    this.publishRate = o.decimal("publish-rate", 200);
    this.warmupSubscribers = o.integer("warmup-subscribers", 0);
    this.warmupRounds = o.integer("warmup-rounds", 0);
    this.timeoutSeconds = o.decimal("timeout-seconds", 60);
  }

  void run() throws Exception {
    System.out.printf(
        "storm on %s: %d subscribers, %d missed each, reopened within %.1f s%n",
        context.target().label(), subscribers, missed, spreadSeconds);
    for (int round = 1; round <= warmupRounds; round++) {
      System.out.printf("  warm-up storm %d of %d%n", round, warmupRounds);
      storm("warmup" + round, warmupSubscribers, null);
    }
    storm("measured", subscribers, context.record().put("step", 1));
  }

  /** One storm on a topic of its own; its figures go into {@code r} unless that is null. */
  private void storm(String name, int count, ResultRecord r) throws Exception {
    Topics topic = new Topics(context.topics().prefix() + name + "-");
    // An earlier storm's streams stay on the server until it next writes to them (a heartbeat
    // away for those on other topics): a storm on top of them would measure both, and on
    // Herald's 512 MB heap, 5k leftovers plus 10k cut and 10k new streams do not fit.
    awaitServerCount(n -> n <= 0, 60);
    StormTally tally = new StormTally(count, before, missed);
    try (SubscriberPool pool =
            new SubscriberPool(
                context.target(),
                context.port(),
                topic,
                1,
                context.selectorThreads(),
                context.connectConcurrency(),
                HEAD_TIMEOUT,
                (s, seq) -> tally.delivered(s.index, seq, System.nanoTime()));
        OpenLoopPublisher publisher =
            new OpenLoopPublisher(
                context.target(),
                context.port(),
                topic,
                1,
                PUBLISHERS,
                context.payloadSize(),
                context.token())) {
      pool.open(count, i -> 0);
      pool.awaitSettled(Duration.ofSeconds(120));
      int connected = pool.connected();
      int connectErrors = pool.failed();
      // The server may answer the last heads before it has registered their subscribers.
      awaitServerCount(n -> n >= connected, 30);
      long failedPublishes = publish(publisher, before);
      await(() -> pool.deliveries() >= (long) connected * before, 30);

      int socketsBeforeCut = SocketCensus.held(context.port());
      boolean cut = pool.cutAll(Duration.ofSeconds(30));
      int socketsAfterCut = SocketCensus.held(context.port());
      failedPublishes += publish(publisher, missed);

      CpuWindow cpu = new CpuWindow(context);
      long start = System.nanoTime();
      reopenSpread(pool, connected, start);
      await(() -> pool.connected() + pool.failed() >= 2 * connected + connectErrors, 60);
      failedPublishes += publish(publisher, 1);
      long liveSent = System.nanoTime();
      await(
          () ->
              tally.reachedLive() >= connected
                  || System.nanoTime() - Math.max(liveSent, pool.lastDeliveryNanos()) > QUIET_NANOS,
          timeoutSeconds);
      if (r != null) {
        cpu.addTo(r);
      }
      pool.close();

      Outcome o = Outcome.of(pool, tally, start);
      System.out.printf(
          "  %s: %d of %d resumed exactly, all caught up after %.2f s, all live after %.2f s%n",
          name, o.exact, count, o.caughtUpSeconds, o.liveSeconds);
      if (r == null) {
        return;
      }
      Histogram catchUp = o.catchUpMicros;
      r.put("subscribers", count)
          .put("connected", connected)
          .put("connectErrors", connectErrors)
          .put("before", before)
          .put("missed", missed)
          .put("spreadSeconds", spreadSeconds)
          .put("publishFailed", failedPublishes)
          .put("cutComplete", cut)
          .put("socketsBeforeCut", socketsBeforeCut)
          .put("socketsAfterCut", socketsAfterCut)
          .put("lastOpenSeconds", o.lastOpenSeconds)
          .put("reconnected", count - o.notStreaming)
          .put("resumedExactly", o.exact)
          .put("withMissing", o.withMissing)
          .put("withDuplicates", o.withDuplicates)
          .put("withGap", o.withGap)
          .put("missingEvents", o.missingEvents)
          .put("duplicateEvents", o.duplicateEvents)
          .put("caughtUpSeconds", o.caughtUpSeconds)
          .put("liveSeconds", o.liveSeconds)
          .put("caughtUpP50Ms", millis(catchUp, 50))
          .put("caughtUpP99Ms", millis(catchUp, 99))
          .put("deliveries", pool.deliveries());
      if (!pool.firstError().isEmpty()) {
        r.put("firstError", pool.firstError());
      }
      context.log().append(r);
    }
  }

  /**
   * Publishes {@code events} events and waits for every answer; returns how many failed. The open
   * loop publisher drops what it could not send on time, so it is asked again for the rest.
   */
  private long publish(OpenLoopPublisher publisher, int events) throws Exception {
    long answered = 0;
    long failed = 0;
    while (answered < events) {
      // Half an event more than needed: the publisher schedules floor(rate × seconds) events.
      PublishResult p = publisher.publishFor(publishRate, (events - answered + 0.5) / publishRate);
      answered += p.acknowledged() + p.failed();
      failed += p.failed();
      if (p.failed() > 0) {
        System.out.printf("  %d publish(es) failed, the first: %s%n", p.failed(), p.firstFailure());
      }
    }
    return failed;
  }

  /** Reopens the cut subscriptions evenly over the spread, a slot's worth every 5 ms. */
  private void reopenSpread(SubscriberPool pool, int count, long start) {
    int slots = (int) Math.max(1, Math.min(count, Math.round(spreadSeconds / SLOT_SECONDS)));
    for (int j = 0; j < slots; j++) {
      long wait = start + (long) (j * spreadSeconds * 1e9 / slots) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      pool.reopen((int) ((long) count * (j + 1) / slots - (long) count * j / slots));
    }
  }

  /** Waits (bounded) until the server's own count of subscribers passes, if it keeps one. */
  private void awaitServerCount(IntPredicate ok, double seconds) throws InterruptedException {
    // Each look is a request to the server under test: not too often.
    Waits.until(
        () -> {
          int n = context.serverSubscriberCount();
          return n < 0 || ok.test(n);
        },
        Waits.deadline(seconds),
        200);
  }

  private static void await(BooleanSupplier done, double seconds) throws InterruptedException {
    Waits.until(done, Waits.deadline(seconds), 10);
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Every subscriber's storm, summed up once the subscriber threads have ended. */
  private record Outcome(
      int exact,
      int withMissing,
      int withDuplicates,
      int withGap,
      int notStreaming,
      long missingEvents,
      long duplicateEvents,
      double caughtUpSeconds,
      double liveSeconds,
      double lastOpenSeconds,
      Histogram catchUpMicros) {

    static Outcome of(SubscriberPool pool, StormTally tally, long start) {
      int exact = 0;
      int withMissing = 0;
      int withDuplicates = 0;
      int withGap = 0;
      int notStreaming = 0;
      long missingEvents = 0;
      long duplicateEvents = 0;
      long lastCaughtUp = start;
      long lastLive = start;
      long lastOpen = start;
      boolean allCaughtUp = true;
      boolean allLive = true;
      Histogram catchUp = new Histogram(SubscriberLoop.MAX_LATENCY_MICROS, 3);
      for (Subscription s : pool.subscriptions()) {
        int i = s.index;
        boolean streaming = s.state == Subscription.State.STREAMING;
        notStreaming += streaming ? 0 : 1;
        exact += streaming && tally.exact(i) && s.gaps == 0 ? 1 : 0;
        withMissing += tally.missing(i) > 0 ? 1 : 0;
        withDuplicates += tally.duplicates(i) > 0 ? 1 : 0;
        withGap += s.gaps > 0 ? 1 : 0;
        missingEvents += tally.missing(i);
        duplicateEvents += tally.duplicates(i);
        lastOpen = Math.max(lastOpen, s.startedNanos);
        if (tally.caughtUpNanos(i) == 0) {
          allCaughtUp = false;
        } else {
          lastCaughtUp = Math.max(lastCaughtUp, tally.caughtUpNanos(i));
          // From its own reopen: the spread is the storm's shape, not the server's delay.
          catchUp.recordValue(Math.max(0, (tally.caughtUpNanos(i) - s.startedNanos) / 1000));
        }
        if (tally.liveNanos(i) == 0) {
          allLive = false;
        } else {
          lastLive = Math.max(lastLive, tally.liveNanos(i));
        }
      }
      return new Outcome(
          exact,
          withMissing,
          withDuplicates,
          withGap,
          notStreaming,
          missingEvents,
          duplicateEvents,
          allCaughtUp ? (lastCaughtUp - start) / 1e9 : Double.NaN,
          allLive ? (lastLive - start) / 1e9 : Double.NaN,
          (lastOpen - start) / 1e9,
          catchUp);
    }
  }
}
