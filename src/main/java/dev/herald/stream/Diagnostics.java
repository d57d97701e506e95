package dev.herald.stream;

import static dev.herald.api.JsonFactory.JSON;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Frames;
import dev.herald.hub.Subscriber;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /sse/herald/diagnostics}: small timestamped {@code probe} events at a fixed pace,
 * outside the event log, then {@code done} and the end. It travels the same proxy path as real
 * streams, so a client that times their arrival sees what every hop does to a stream: held back (a
 * buffering proxy) or cut (the stream ends before {@code done}). In idle mode it sends one probe
 * and then only heartbeats for the heartbeat interval plus 10 s, to catch an idle timeout below the
 * heartbeat.
 */
@ApplicationScoped
public class Diagnostics {
  /** The stream's name, under Herald's reserved prefix; a stream of its own only. */
  public static final String TOPIC = "herald/diagnostics";

  static final int PROBES = 20;
  static final long EVERY_MILLIS = 250;
  private static final long IDLE_EXTRA_MILLIS = 10_000;

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject HeraldConfig config;

  /** Starts sending on an opened diagnostics stream. */
  void run(Subscriber stream, boolean idle) {
    long start = System.currentTimeMillis();
    if (idle) {
      long idleMillis = config.heartbeat().toMillis() + IDLE_EXTRA_MILLIS;
      stream.send(probe(0, 1, idleMillis));
      scheduler.schedule(
          () -> stream.endWith(done(1), "diagnostics done"), idleMillis, TimeUnit.MILLISECONDS);
    } else {
      stream.send(probe(0, PROBES, 0));
      next(stream, start, 1);
    }
  }

  /** Each probe is due at its own time from the start, so a slow tick does not shift the rest. */
  private void next(Subscriber stream, long start, int seq) {
    long due = start + seq * EVERY_MILLIS - System.currentTimeMillis();
    scheduler.schedule(
        () -> {
          if (seq == PROBES - 1) {
            // One frame, so the last probe cannot be left queued behind the end.
            stream.endWith(concat(probe(seq, PROBES, 0), done(PROBES)), "diagnostics done");
          } else if (stream.send(probe(seq, PROBES, 0))) {
            next(stream, start, seq + 1);
          }
        },
        Math.max(0, due),
        TimeUnit.MILLISECONDS);
  }

  private static byte[] probe(int seq, int of, long idleMillis) {
    var data =
        JSON.createObjectBuilder()
            .add("seq", seq)
            .add("of", of)
            .add("sentAt", System.currentTimeMillis())
            .add("everyMillis", EVERY_MILLIS);
    if (idleMillis > 0) data.add("idleMillis", idleMillis);
    return Frames.event(null, "probe", data.build().toString());
  }

  private static byte[] done(int probes) {
    return Frames.event(null, "done", "{\"probes\":" + probes + "}");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
