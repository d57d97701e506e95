package dev.herald.bench;

/**
 * Topic names of one run: {@code <prefix><index>}, valid for Herald and for nchan channel ids
 * alike. Each run gets a fresh prefix: nchan's cost to add a subscriber grows with the messages
 * already buffered in its channel (about 8 ms per subscriber with 1000 buffered, measured here), so
 * reusing a channel filled by an earlier run would measure leftovers instead of the workload.
 */
record Topics(String prefix) {
  String name(int index) {
    return prefix + index;
  }
}
