/** Herald's settings: every timeout and limit, read once from MicroProfile Config and validated. */
package dev.herald.config;
