package dev.herald.hub;

/**
 * How a stream writes events. Plain frames are what any {@code EventSource} expects; an enveloped
 * stream (opt-in, {@code envelope=1}) is for clients that route several topics on one connection:
 * every event comes as the default type, its data {@code {"topic","type","format","data"}}, because
 * an {@code EventSource} can only listen for the types it names in advance.
 */
public enum StreamFormat {
  PLAIN,
  ENVELOPE;

  /** The event's frame in this format, encoded once per event and shared. */
  byte[] frame(Event e) {
    return this == PLAIN ? e.frame() : e.envelopeFrame();
  }
}
