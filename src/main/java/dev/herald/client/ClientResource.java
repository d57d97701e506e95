package dev.herald.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * {@code /herald.js} (a plain script, and the shared worker's), {@code /herald.mjs} (the same as an
 * ES module) and {@code /herald.d.ts}. Each carries a strong {@code ETag} of its bytes with {@code
 * Cache-Control: no-cache}: browsers revalidate on every load, so a new Herald's client is picked
 * up at once, and a {@code 304} costs no body.
 */
@Path("/")
@ApplicationScoped
public class ClientResource {
  private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
  private static final String MODULE_EXPORTS =
      "\nconst Herald = globalThis.Herald;\nexport { Herald };\nexport default Herald;\n";

  private final Asset script = Asset.of(read("herald.js"), JAVASCRIPT);
  private final Asset module = Asset.of(read("herald.js") + MODULE_EXPORTS, JAVASCRIPT);
  private final Asset types =
      Asset.of(read("herald.d.ts"), "application/typescript; charset=utf-8");

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

  private static String read(String name) {
    try (InputStream in = ClientResource.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " is missing from the application");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One file's bytes, type and tag, computed once. */
  private record Asset(byte[] bytes, String type, EntityTag tag) {
    static Asset of(String text, String type) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      try {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
        String tag = Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
        return new Asset(bytes, type, new EntityTag(tag));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }

    Response answer(Request request) {
      Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
      Response.ResponseBuilder b =
          unchanged != null ? unchanged : Response.ok(bytes).type(type).tag(tag);
      return b.header("Cache-Control", "no-cache")
          .header("X-Content-Type-Options", "nosniff")
          .build();
    }
  }
}
