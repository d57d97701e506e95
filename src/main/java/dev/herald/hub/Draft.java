package dev.herald.hub;

/**
 * An event on its way into the hub, already validated.
 *
 * @param data the text after {@code data:}; line breaks in it become separate data lines
 */
public record Draft(String topic, String type, String data) {}
