package dev.herald.publish;

import dev.herald.api.Problem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/** The media types a publish request may carry, read from its Content-Type header. */
enum Bodies {
  JSON,
  TEXT;

  static Bodies of(String contentType, boolean textAllowed) {
    MediaType type = mediaType(contentType);
    if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) return JSON;
    if (textAllowed && type.isCompatible(MediaType.TEXT_PLAIN_TYPE)) return TEXT;
    throw unsupported(contentType, textAllowed);
  }

  /** The text of a {@code text/plain} body in its declared charset, UTF-8 when none is given. */
  static String decode(String contentType, byte[] body) {
    String name = mediaType(contentType).getParameters().get(MediaType.CHARSET_PARAMETER);
    Charset charset;
    try {
      charset = name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw Problem.of(
          Status.UNSUPPORTED_MEDIA_TYPE,
          "unsupported-charset",
          "charset '" + name + "' is not supported");
    }
    return strict(charset, body);
  }

  /** The body decoded, refusing bytes the charset cannot decode rather than replacing them. */
  static String strict(Charset charset, byte[] body) {
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw Problem.badRequest(
          "invalid-encoding", "the body is not valid " + charset.name() + " text");
    }
  }

  private static MediaType mediaType(String contentType) {
    if (contentType == null) throw unsupported(null, true);
    try {
      MediaType type = MediaType.valueOf(contentType);
      if (type.isWildcardType() || type.isWildcardSubtype()) throw unsupported(contentType, true);
      return type;
    } catch (IllegalArgumentException e) {
      throw unsupported(contentType, true);
    }
  }

  private static Problem unsupported(String contentType, boolean textAllowed) {
    String accepted = textAllowed ? "application/json or text/plain" : "application/json";
    return Problem.of(
        Status.UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        "Content-Type "
            + (contentType == null ? "is missing" : "'" + contentType + "' is not supported")
            + "; send "
            + accepted);
  }
}
