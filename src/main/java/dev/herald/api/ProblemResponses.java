package dev.herald.api;

import static dev.herald.api.JsonFactory.JSON;

import jakarta.ws.rs.core.Response;

/** Renders problems as RFC 9457 responses. */
public final class ProblemResponses {
  public static final String MEDIA_TYPE = "application/problem+json";

  private ProblemResponses() {}

  public static Response of(Problem p) {
    String body =
        JSON.createObjectBuilder()
            .add("type", p.type())
            .add("title", p.title())
            .add("status", p.status())
            .add("detail", p.detail())
            .build()
            .toString();
    Response.ResponseBuilder r = Response.status(p.status()).type(MEDIA_TYPE).entity(body);
    if (p.retryAfterSeconds() >= 0) r.header("Retry-After", p.retryAfterSeconds());
    return r.build();
  }
}
