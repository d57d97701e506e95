package dev.herald.admin;

import static dev.herald.api.JsonFactory.JSON;

import dev.herald.api.Problem;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.security.LocalRequests;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

/**
 * {@code POST /api/admin/drain}: the same drain SIGTERM starts, for a Kubernetes {@code preStop}
 * hook or before {@code server stop} (which gives the application no earlier signal). Readiness
 * goes down and streams end spread over {@code herald.shutdown.drain}. Only this host may ask.
 */
@Path("api/admin/drain")
@ApplicationScoped
public class DrainResource {
  @Inject Hub hub;
  @Inject HeraldConfig config;
  @Resource ManagedExecutorService executor;

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Response drain(@Context HttpServletRequest request) {
    if (!LocalRequests.isLocal(request)) {
      throw Problem.of(
          Status.FORBIDDEN,
          "admin-only",
          "drain answers only requests made on this host to localhost, not through a proxy");
    }
    int open = hub.connections();
    executor.execute(() -> hub.drain(config.drain()));
    String body =
        JSON.createObjectBuilder()
            .add("draining", true)
            .add("streams", open)
            .add("drainMillis", config.drain().toMillis())
            .build()
            .toString();
    return Response.accepted(body).build();
  }
}
