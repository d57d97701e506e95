package dev.herald.hub;

import java.util.List;

/**
 * The log's answer to an append.
 *
 * @param ids the events' ids, in the order of the drafts
 * @param repeated true when the idempotency key was seen before: nothing new was appended and
 *     {@code ids} are the first append's
 */
public record Appended(List<EventId> ids, boolean repeated) {}
