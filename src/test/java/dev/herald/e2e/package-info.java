/**
 * End-to-end suites against real third-party programs (nginx, Redis, Node, Chromium): the {@code
 * e2e} profile.
 */
package dev.herald.e2e;
