/** Operator endpoints: draining an instance before it stops. */
package dev.herald.admin;
