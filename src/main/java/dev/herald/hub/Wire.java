package dev.herald.hub;

import java.io.IOException;

/**
 * Where a subscriber's frames go: an SSE response today, a long-poll response later. Writes may
 * block (Liberty's servlet output does until its write timeout), so only writer threads call them.
 */
public interface Wire {
  void write(byte[] frame) throws IOException;

  void flush() throws IOException;

  /** Ends the response cleanly; safe to call when the peer is already gone. */
  void close();
}
