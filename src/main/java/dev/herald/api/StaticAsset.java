package dev.herald.api;

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
 * A file Herald serves from its own classes (herald.js, the dashboard): its bytes, type and a
 * strong {@code ETag}, computed once. Answers carry {@code Cache-Control: no-cache}, so browsers
 * revalidate on every load and pick up a new Herald's file at once, while a {@code 304} costs no
 * body.
 */
public record StaticAsset(byte[] bytes, String type, EntityTag tag) {

  /** The text of a resource beside {@code owner}, failing startup when it is missing. */
  public static String read(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " is missing from the application");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static StaticAsset of(String text, String type) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      String tag = Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
      return new StaticAsset(bytes, type, new EntityTag(tag));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** {@code 200} with the file, or {@code 304} when the request already holds this version. */
  public Response answer(Request request) {
    Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
    Response.ResponseBuilder b =
        unchanged != null ? unchanged : Response.ok(bytes).type(type).tag(tag);
    return b.header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }
}
