/** The page at {@code /}: Herald's live dashboard, its diagnosis, and a publish form. */
package dev.herald.dashboard;
