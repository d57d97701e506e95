package dev.herald.testing;

/** An event as a browser's {@code EventSource} would dispatch it. */
public record SseEvent(String lastEventId, String type, String data, boolean hadIdField) {}
