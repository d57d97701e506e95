/**
 * Publishing: the REST API, the injectable publisher and CDI events, all validated the same way.
 */
package dev.herald.publish;
