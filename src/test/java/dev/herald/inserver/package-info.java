/**
 * In-server tests (Arquillian, managed Liberty): CDI and JAX-RS wiring that only a server proves.
 */
package dev.herald.inserver;
