package dev.herald.bench;

/**
 * Topic names of one run: {@code <prefix><index>}, valid for Herald and for nchan channel ids
 * alike. Each run gets a fresh prefix, so no run ever subscribes to a topic that an earlier run (or
 * scenario) filled with events: a server replaying or indexing leftovers would measure those
 * instead of the workload.
 */
record Topics(String prefix) {
  String name(int index) {
    return prefix + index;
  }

  /** A prefix unique to this scenario, run and moment, e.g. {@code fanout-r2-k3x9a1-}. */
  static String freshPrefix(String scenario, int run) {
    return scenario + "-r" + run + "-" + Long.toString(System.currentTimeMillis(), 36) + "-";
  }
}
