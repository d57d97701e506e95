package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {
  private final AtomicLong now = new AtomicLong();
  private final List<String> lines = new ArrayList<>();
  private final Logger logger = Logger.getAnonymousLogger();

  ThrottledLogTest() {
    logger.setUseParentHandlers(false);
    logger.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            lines.add(r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }

  @Test
  void oneLinePerClientAndReasonPerMinuteThenTheCountLeftOut() {
    ThrottledLog log = new ThrottledLog(logger, now::get);
    assertTrue(log.info("1.2.3.4", "limit", "refused 1.2.3.4"));
    for (int i = 0; i < 500; i++) assertFalse(log.info("1.2.3.4", "limit", "refused 1.2.3.4"));
    assertTrue(log.info("1.2.3.4", "auth", "refused 1.2.3.4: token"));
    assertTrue(log.info("5.6.7.8", "limit", "refused 5.6.7.8"));
    now.addAndGet(TimeUnit.SECONDS.toNanos(61));
    assertTrue(log.info("1.2.3.4", "limit", "refused 1.2.3.4"));
    assertEquals(
        List.of(
            "refused 1.2.3.4",
            "refused 1.2.3.4: token",
            "refused 5.6.7.8",
            "refused 1.2.3.4 (500 more like it not logged)"),
        lines);
  }
}
