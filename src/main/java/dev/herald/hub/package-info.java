/**
 * The hub: Herald's ordered event log, its topics and subscribers, and the threads that write to
 * them.
 */
package dev.herald.hub;
