package dev.herald.hub;

/**
 * One published event as the hub keeps it: its place in the order, its topic, and its frame already
 * encoded for the wire, shared by every subscriber and by replay.
 *
 * @param id Herald's order; the native API also shows it to clients, other protocols may not
 * @param topic opaque to the hub
 * @param frame the complete SSE frame, encoded once
 * @param createdMillis wall-clock time of publishing, for age-based retention
 */
public record Event(EventId id, String topic, byte[] frame, long createdMillis) {}
