package dev.herald.bench;

/**
 * What the publisher did in one step: publishes scheduled by the clock, sent, acknowledged with a
 * 2xx, failed (other status, I/O error or no answer in time), and never sent because every
 * connection was still waiting for an answer when the step ended.
 */
record PublishResult(
    long scheduled,
    long sent,
    long acknowledged,
    long failed,
    long unsent,
    long maxBacklog,
    String firstFailure) {}
