/** End-to-end suites against real third-party programs (nginx, Node): the {@code e2e} profile. */
package dev.herald.e2e;
