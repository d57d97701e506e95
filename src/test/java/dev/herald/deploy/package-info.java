/** The deployment kit ({@code deploy/}) held to the server it deploys. */
package dev.herald.deploy;
