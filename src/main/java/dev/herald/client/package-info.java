/** The browser client, herald.js, served by Herald itself so its version always matches. */
package dev.herald.client;
