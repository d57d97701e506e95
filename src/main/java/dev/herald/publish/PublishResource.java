package dev.herald.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/events}: a batch, whose cost per event JAX-RS's dispatch hardly adds to. The
 * single-event publish, where that dispatch was half the cost, is {@link PublishRoute}.
 */
@Path("api")
@ApplicationScoped
public class PublishResource {
  @Inject Publishing publishing;

  @POST
  @Path("events")
  @Produces(MediaType.APPLICATION_JSON)
  public Response publishBatch(@Context HttpServletRequest request) {
    Publishing.Answer a = publishing.batch(request);
    return Response.status(a.status()).entity(a.json()).build();
  }
}
