package dev.herald.hub;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * INFO lines about clients (refusals, evictions) at most once per client and reason per minute: a
 * flood of refused reconnects must not fill the disk. The next line for a key says how many were
 * left out since the last one.
 */
public final class ThrottledLog {
  private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** Keys kept at most; beyond it the oldest windows go first (a flood of distinct clients). */
  private static final int MAX_KEYS = 10_000;

  private final Logger log;
  private final LongSupplier nanoClock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    final long startNanos;
    final AtomicLong suppressed = new AtomicLong();

    Window(long startNanos) {
      this.startNanos = startNanos;
    }
  }

  public ThrottledLog(Logger log, LongSupplier nanoClock) {
    this.log = log;
    this.nanoClock = nanoClock;
  }

  /**
   * Logs {@code message} for this client and reason unless it was logged within the minute.
   *
   * @return true when the line was written
   */
  public boolean info(String client, String reason, String message) {
    if (!log.isLoggable(Level.INFO)) return false;
    long now = nanoClock.getAsLong();
    String key = client + "\u0000" + reason;
    Window w = windows.get(key);
    if (w != null && now - w.startNanos < WINDOW_NANOS) {
      w.suppressed.incrementAndGet();
      return false;
    }
    Window fresh = new Window(now);
    Window before = w == null ? windows.putIfAbsent(key, fresh) : replace(key, w, fresh);
    if (before != null) {
      before.suppressed.incrementAndGet(); // another thread logged it just now
      return false;
    }
    long left = w == null ? 0 : w.suppressed.get();
    log.info(left == 0 ? message : message + " (" + left + " more like it not logged)");
    if (windows.size() > MAX_KEYS) trim(now);
    return true;
  }

  private Window replace(String key, Window old, Window fresh) {
    return windows.replace(key, old, fresh) ? null : windows.get(key);
  }

  private void trim(long now) {
    for (Iterator<Window> i = windows.values().iterator(); i.hasNext(); ) {
      if (now - i.next().startNanos >= WINDOW_NANOS) i.remove();
    }
  }
}
