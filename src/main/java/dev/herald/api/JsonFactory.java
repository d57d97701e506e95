package dev.herald.api;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider Herald uses. {@code Json.createObjectBuilder()} and friends look the
 * provider up on every call, a service-loader scan that cost milliseconds per request on Liberty.
 */
public final class JsonFactory {
  public static final JsonProvider JSON = JsonProvider.provider();

  private JsonFactory() {}
}
