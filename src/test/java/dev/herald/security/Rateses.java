package dev.herald.security;

import dev.herald.config.HeraldConfig;

/** Rates wired by hand, for unit tests outside this package. */
public final class Rateses {
  private Rateses() {}

  public static Rates of(HeraldConfig config) {
    Rates r = new Rates();
    r.config = config;
    r.load();
    return r;
  }
}
