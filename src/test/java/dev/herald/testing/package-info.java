/**
 * Test support: an SSE parser that follows the WHATWG algorithm, and a harness for real servers.
 */
package dev.herald.testing;
