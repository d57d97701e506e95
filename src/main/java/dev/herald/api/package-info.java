/** The native HTTP API's edge: what a topic and a type may be, and errors as RFC 9457 problems. */
package dev.herald.api;
