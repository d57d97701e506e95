package dev.herald.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Gives the JAX-RS runtime's own refusals (404, 405, 406, 415 …) the same problem+json shape. */
@Provider
public class WebErrorMapper implements ExceptionMapper<WebApplicationException> {
  @Override
  public Response toResponse(WebApplicationException e) {
    Response r = e.getResponse();
    int status = r != null ? r.getStatus() : 500;
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
    String detail = status == 404 ? "No such resource" : title;
    Response problem = ProblemResponses.of(new Problem(status, "http-" + status, title, detail));
    if (r != null && r.getHeaderString("Allow") != null) {
      return Response.fromResponse(problem).header("Allow", r.getHeaderString("Allow")).build();
    }
    return problem;
  }
}
