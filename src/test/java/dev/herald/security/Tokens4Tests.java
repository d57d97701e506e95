package dev.herald.security;

import java.util.List;
import java.util.Map;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/** Keys and signed tokens for tests, made with the same library Herald verifies with. */
public final class Tokens4Tests {
  public final PublicJsonWebKey rsa;
  public final PublicJsonWebKey ec;

  public Tokens4Tests() {
    try {
      rsa = RsaJwkGenerator.generateJwk(2048);
      rsa.setKeyId("rsa");
      ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
      ec.setKeyId("ec");
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The RSA key as PEM, as an operator would configure it. */
  public String rsaPem() {
    String b64 =
        java.util.Base64.getMimeEncoder(64, "\n".getBytes())
            .encodeToString(rsa.getPublicKey().getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
  }

  /** Both public keys as a JWKS document. */
  public String jwks() {
    return "{\"keys\":["
        + rsa.toJson(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY)
        + ","
        + ec.toJson(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY)
        + "]}";
  }

  /**
   * Claims with a subject, issuer, audience, an expiry {@code expiresIn} seconds away, and rights.
   */
  public static JwtClaims claims(
      String subject, long expiresIn, List<String> publish, List<String> subscribe) {
    JwtClaims c = new JwtClaims();
    c.setSubject(subject);
    c.setIssuer("https://issuer.example");
    c.setAudience("herald");
    NumericDate exp = NumericDate.now();
    exp.addSeconds(expiresIn);
    c.setExpirationTime(exp);
    c.setClaim("herald", Map.of("publish", publish, "subscribe", subscribe));
    return c;
  }

  public String sign(JwtClaims claims, PublicJsonWebKey key) {
    return sign(
        claims,
        key,
        key == ec
            ? AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256
            : AlgorithmIdentifiers.RSA_USING_SHA256);
  }

  public static String sign(JwtClaims claims, PublicJsonWebKey key, String alg) {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setKey(key.getPrivateKey());
      jws.setKeyIdHeaderValue(key.getKeyId());
      jws.setAlgorithmHeaderValue(alg);
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
