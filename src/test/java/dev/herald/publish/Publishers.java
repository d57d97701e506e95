package dev.herald.publish;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;

/** A publisher wired by hand, for unit tests outside this package. */
public final class Publishers {
  private Publishers() {}

  public static Publisher of(Hub hub, HeraldConfig config) {
    Publisher p = new Publisher();
    p.hub = hub;
    p.config = config;
    return p;
  }
}
