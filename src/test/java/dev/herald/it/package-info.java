/** Black-box tests: real Herald servers, real clients (raw sockets, JAX-RS SseEventSource). */
package dev.herald.it;
