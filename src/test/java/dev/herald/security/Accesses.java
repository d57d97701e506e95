package dev.herald.security;

import dev.herald.config.HeraldConfig;

/** Access rules wired by hand, for unit tests outside this package. */
public final class Accesses {
  private Accesses() {}

  public static Access of(HeraldConfig config) {
    Access a = new Access();
    a.config = config;
    a.load();
    return a;
  }
}
