package dev.herald.hub;

/**
 * An event on its way into the hub, already validated.
 *
 * @param type the event type; the log keeps it as given
 * @param clientId an id shown to clients of another protocol (a Mercure publisher's own id), or
 *     {@code null}; it never orders events, {@link EventId} does
 * @param retained false for live-only feeds (Herald's own {@code herald/} topics): delivered, never
 *     kept for replay
 */
public record Draft(String topic, String type, EventData data, String clientId, boolean retained) {
  /** A retained event with no id of its own. */
  public Draft(String topic, String type, EventData data) {
    this(topic, type, data, null, true);
  }
}
