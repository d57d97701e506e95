package dev.herald.client;

import dev.herald.api.StaticAsset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * {@code /herald.js} (a plain script, and the shared worker's), {@code /herald.mjs} (the same as an
 * ES module) and {@code /herald.d.ts}, each revalidated on every load by its tag.
 */
@Path("/")
@ApplicationScoped
public class ClientResource {
  private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
  private static final String MODULE_EXPORTS =
      "\nconst Herald = globalThis.Herald;\nexport { Herald };\nexport default Herald;\n";

  private final String source = StaticAsset.read(ClientResource.class, "herald.js");
  private final StaticAsset script = StaticAsset.of(source, JAVASCRIPT);
  private final StaticAsset module = StaticAsset.of(source + MODULE_EXPORTS, JAVASCRIPT);
  private final StaticAsset types =
      StaticAsset.of(
          StaticAsset.read(ClientResource.class, "herald.d.ts"),
          "application/typescript; charset=utf-8");

  @GET
  @Path("herald.js")
  public Response script(@Context Request request) {
    return script.answer(request);
  }

  @GET
  @Path("herald.mjs")
  public Response module(@Context Request request) {
    return module.answer(request);
  }

  @GET
  @Path("herald.d.ts")
  public Response types(@Context Request request) {
    return types.answer(request);
  }
}
