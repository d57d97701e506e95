/** Prometheus metrics on {@code /metrics}, through MicroProfile Metrics. */
package dev.herald.metrics;
