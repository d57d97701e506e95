/** Where the event log lives: in memory (the embedded default) or in Redis Streams, shared. */
package dev.herald.backplane;
