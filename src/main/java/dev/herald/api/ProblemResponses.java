package dev.herald.api;

import static dev.herald.api.JsonFactory.JSON;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Renders problems as RFC 9457 responses, for JAX-RS resources and for the stream servlet. */
public final class ProblemResponses {
  public static final String MEDIA_TYPE = "application/problem+json";

  private ProblemResponses() {}

  public static Response of(Problem p) {
    Response.ResponseBuilder r = Response.status(p.status()).type(MEDIA_TYPE).entity(body(p));
    if (p.retryAfterSeconds() >= 0) r.header("Retry-After", p.retryAfterSeconds());
    if (p.challenge() != null) r.header("WWW-Authenticate", p.challenge());
    return r.build();
  }

  /** Answers with {@code p}, unless the response is already committed (then nothing can be). */
  public static void write(HttpServletResponse response, Problem p) throws IOException {
    if (response.isCommitted()) return;
    response.resetBuffer();
    response.setStatus(p.status());
    response.setContentType(MEDIA_TYPE);
    if (p.retryAfterSeconds() >= 0) {
      response.setHeader("Retry-After", Long.toString(p.retryAfterSeconds()));
    }
    if (p.challenge() != null) response.setHeader("WWW-Authenticate", p.challenge());
    byte[] body = body(p).getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static String body(Problem p) {
    return JSON.createObjectBuilder()
        .add("type", p.type())
        .add("title", p.title())
        .add("status", p.status())
        .add("detail", p.detail())
        .build()
        .toString();
  }
}
