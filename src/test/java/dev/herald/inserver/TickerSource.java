package dev.herald.inserver;

import dev.herald.source.PolledSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A polled source whose value changes only every fifth poll. */
@ApplicationScoped
public class TickerSource implements PolledSource {
  public static final String TOPIC = "inserver/ticker";
  private final AtomicInteger polls = new AtomicInteger();

  @Override
  public String topic() {
    return TOPIC;
  }

  @Override
  public Duration interval() {
    return Duration.ofMillis(20);
  }

  @Override
  public Object poll() {
    return "value-" + polls.incrementAndGet() / 5;
  }

  public int polls() {
    return polls.get();
  }
}
