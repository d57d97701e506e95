/** Subscribing: {@code GET /sse}, streams written by Herald itself on Servlet async I/O. */
package dev.herald.stream;
