/**
 * Who may publish and read: bearer tokens, their rights per topic, private topics, local clients.
 */
package dev.herald.security;
