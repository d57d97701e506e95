/** MicroProfile Health checks that Kubernetes and proxies probe: started, live, ready. */
package dev.herald.health;
