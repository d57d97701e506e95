/** Event sources: application beans that feed topics, started and stopped by Herald. */
package dev.herald.source;
