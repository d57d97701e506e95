package dev.herald.publish;

import dev.herald.api.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a publish request's body, never more than the limit: a body declared larger is refused
 * before a byte of it is read, and one without a length is cut off just past the limit. A declared
 * length is read into an array of exactly that size, so a small publish costs no 8 KiB scratch
 * buffer.
 */
final class RequestBodies {
  private RequestBodies() {}

  static byte[] read(HttpServletRequest request, int limit) {
    long declared = request.getContentLengthLong();
    if (declared > limit) throw tooLarge(limit);
    try {
      InputStream in = request.getInputStream();
      if (declared >= 0) return in.readNBytes((int) declared);
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) throw tooLarge(limit);
      return body;
    } catch (IOException e) {
      throw Problem.badRequest(
          "body-unreadable", "the request body could not be read: " + e.getMessage());
    }
  }

  private static Problem tooLarge(int limit) {
    return Problem.of(
        Status.REQUEST_ENTITY_TOO_LARGE,
        "request-too-large",
        "the request body is larger than " + limit + " bytes (herald.publish.max-request-bytes)");
  }
}
