package dev.herald.dashboard;

import dev.herald.api.StaticAsset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /}: the dashboard, one self-contained page on herald.js. It opens nothing on its own
 * but a readiness check: streams, the stats chart and the diagnosis start when the user asks.
 */
@Path("/")
@ApplicationScoped
public class DashboardResource {
  private final StaticAsset page =
      StaticAsset.of(
          StaticAsset.read(DashboardResource.class, "index.html"), "text/html; charset=utf-8");

  @GET
  public Response page(@Context Request request) {
    return page.answer(request);
  }
}
