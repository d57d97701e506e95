package dev.herald.security;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;

/** Rejections wired by hand, for unit tests outside this package. */
public final class Rejectionses {
  private Rejectionses() {}

  public static Rejections of(Hub hub, HeraldConfig config) {
    Rejections r = new Rejections();
    r.hub = hub;
    r.config = config;
    return r;
  }
}
