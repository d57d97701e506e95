package dev.herald.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Herald's JAX-RS application at the context root: {@code /sse} and {@code /api}. */
@ApplicationPath("/")
public class HeraldApplication extends Application {}
