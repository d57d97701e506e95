package dev.herald.bench;

import org.HdrHistogram.Histogram;

/**
 * What the publisher did in one step: publishes scheduled by the clock, sent, acknowledged with a
 * 2xx, failed (other status, I/O error or no answer in time), and never sent because every
 * connection was still waiting for an answer when the step ended; and how long the server took to
 * answer (microseconds from sending the request to reading the whole answer).
 */
record PublishResult(
    long scheduled,
    long sent,
    long acknowledged,
    long failed,
    long unsent,
    long maxBacklog,
    String firstFailure,
    Histogram answerMicros) {}
