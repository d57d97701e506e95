package dev.herald.hub;

/**
 * One published event as the hub keeps it: its place in the order, what was published, and its
 * frame, encoded once on first use and then shared by every subscriber and by replay.
 */
public final class Event {
  /** Object headers, fields and the frame's own overhead, roughly: for the log's byte bound. */
  private static final int OVERHEAD_BYTES = 160;

  private final EventId id;
  private final String topic;
  private final String type;
  private final EventData data;
  private final String clientId;
  private final long createdMillis;
  private volatile byte[] frame;
  private volatile byte[] envelopeFrame;

  /**
   * @param id Herald's order; the native API also shows it to clients, other protocols may not
   * @param createdMillis wall-clock time of publishing, for age-based retention
   */
  public Event(
      EventId id, String topic, String type, EventData data, String clientId, long createdMillis) {
    this.id = id;
    this.topic = topic;
    this.type = type;
    this.data = data;
    this.clientId = clientId;
    this.createdMillis = createdMillis;
  }

  /** The event a draft becomes once the log gives it an id. */
  public static Event of(EventId id, Draft d, long createdMillis) {
    return new Event(id, d.topic(), d.type(), d.data(), d.clientId(), createdMillis);
  }

  public EventId id() {
    return id;
  }

  /** Opaque to the hub. */
  public String topic() {
    return topic;
  }

  public String type() {
    return type;
  }

  public EventData data() {
    return data;
  }

  /** The publisher's own id for clients of another protocol, or {@code null}. */
  public String clientId() {
    return clientId;
  }

  public long createdMillis() {
    return createdMillis;
  }

  /**
   * The complete SSE frame of a native stream. Two threads may both encode it the first time; they
   * produce the same bytes, and either copy may stay.
   */
  byte[] frame() {
    byte[] f = frame;
    if (f == null) frame = f = Frames.event(id.toString(), type, data.frameText());
    return f;
  }

  /** The frame of an enveloped stream ({@link StreamFormat#ENVELOPE}), encoded on first use. */
  byte[] envelopeFrame() {
    byte[] f = envelopeFrame;
    if (f == null) envelopeFrame = f = Frames.event(id.toString(), null, EventJson.envelope(this));
    return f;
  }

  /**
   * About what the event holds on the heap, its data and its frame, both Latin-1 at best (one byte
   * per character) and often more.
   */
  public long sizeBytes() {
    return OVERHEAD_BYTES + 2L * data.length() + topic.length() + type.length();
  }

  @Override
  public String toString() {
    return id + " " + topic + " " + type;
  }
}
