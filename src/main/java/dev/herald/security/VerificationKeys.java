package dev.herald.security;

import dev.herald.config.Setting;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * The key that verifies tokens, from {@code mp.jwt.verify.publickey} (a PEM public key or a JWKS
 * document) or {@code mp.jwt.verify.publickey.location} (a file holding either, or an http(s) URL
 * serving a JWKS, fetched and cached as its keys rotate).
 */
final class VerificationKeys {
  private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String PEM_END = "-----END PUBLIC KEY-----";

  private VerificationKeys() {}

  /**
   * @throws IllegalStateException naming the setting whose key cannot be read
   */
  static VerificationKeyResolver from(String inline, String location) {
    if (!inline.isEmpty()) return parse(inline, Setting.JWT_PUBLIC_KEY.key());
    String key = Setting.JWT_PUBLIC_KEY_LOCATION.key();
    if (location.startsWith("https://") || location.startsWith("http://")) {
      URI.create(location); // a malformed URL fails the deployment here, not the first request
      return new HttpsJwksVerificationKeyResolver(new HttpsJwks(location));
    }
    try {
      return parse(Files.readString(Path.of(location)), key);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(key + ": cannot read '" + location + "': " + e, e);
    }
  }

  private static VerificationKeyResolver parse(String text, String key) {
    String t = text.strip();
    try {
      if (t.startsWith("{")) {
        return new JwksVerificationKeyResolver(new JsonWebKeySet(t).getJsonWebKeys());
      }
      PublicKey k = pem(t);
      return (jws, nested) -> k;
    } catch (JoseException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          key + " is neither a PEM public key nor a JWKS document: " + e.getMessage(), e);
    }
  }

  private static PublicKey pem(String text) throws GeneralSecurityException {
    int begin = text.indexOf(PEM_BEGIN);
    int end = text.indexOf(PEM_END);
    if (begin < 0 || end < begin) throw new IllegalArgumentException("no " + PEM_BEGIN + " block");
    String body = text.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", "");
    X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(body));
    try {
      return KeyFactory.getInstance("RSA").generatePublic(spec);
    } catch (GeneralSecurityException notRsa) {
      return KeyFactory.getInstance("EC").generatePublic(spec);
    }
  }
}
