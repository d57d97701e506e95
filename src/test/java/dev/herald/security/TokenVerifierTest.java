package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenVerifierTest {
  private static final Tokens4Tests KEYS = new Tokens4Tests();
  private static final Tokens4Tests OTHER = new Tokens4Tests();

  private static TokenVerifier verifier(Map<String, String> extra) {
    var settings =
        new java.util.HashMap<>(
            Map.of(
                "mp.jwt.verify.publickey", KEYS.jwks(),
                "mp.jwt.verify.issuer", "https://issuer.example",
                "mp.jwt.verify.audiences", "other,herald",
                "mp.jwt.verify.clock.skew", "0"));
    settings.putAll(extra);
    return TokenVerifier.from(HeraldConfig.of(settings));
  }

  private static final TokenVerifier VERIFIER = verifier(Map.of());

  private static JwtClaims claims(long expiresIn) {
    return Tokens4Tests.claims("alice", expiresIn, List.of("orders/*"), List.of("users/alice/**"));
  }

  private static String rejected(String token) {
    return assertThrows(TokenRejected.class, () -> VERIFIER.verify(token, false)).getMessage();
  }

  @Test
  void aGoodTokenNamesItsCallerAndRights() throws Exception {
    for (PublicJsonWebKey key : List.of(KEYS.rsa, KEYS.ec)) {
      Caller c = VERIFIER.verify(KEYS.sign(claims(60), key), true);
      assertEquals("alice", c.subject());
      assertTrue(c.fromCookie());
      assertFalse(c.expired());
      assertTrue(c.rights().canPublish("orders/42"));
      assertFalse(c.rights().canPublish("users/alice/inbox"));
      assertTrue(c.rights().canSubscribe("users/alice/inbox"));
      assertTrue(c.expiresAtMillis() > System.currentTimeMillis());
    }
  }

  @Test
  void anExpiredButOtherwiseGoodTokenIsMerelyExpired() throws Exception {
    Caller c = VERIFIER.verify(KEYS.sign(claims(-120), KEYS.rsa), false);
    assertTrue(c.expired());
    assertEquals("alice", c.subject());
    // Expired and forged is just forged.
    assertEquals("the token's signature is invalid", rejected(OTHER.sign(claims(-120), OTHER.rsa)));
  }

  @Test
  void everyKindOfBadTokenIsRejectedWithItsReason() {
    // Forged: signed by another key under the same key id.
    assertEquals("the token's signature is invalid", rejected(OTHER.sign(claims(60), OTHER.rsa)));
    assertEquals("the token's signature is invalid", rejected(OTHER.sign(claims(60), OTHER.ec)));
    String good = KEYS.sign(claims(60), KEYS.rsa);
    String[] parts = good.split("\\.");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("orders/*", "**")
                        .getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertEquals("the token's signature is invalid", rejected(tampered));
    JwtClaims notYet = claims(120);
    NumericDate nbf = NumericDate.now();
    nbf.addSeconds(60);
    notYet.setNotBefore(nbf);
    assertEquals("the token is not valid yet (nbf)", rejected(KEYS.sign(notYet, KEYS.rsa)));
    JwtClaims noExp = claims(60);
    noExp.unsetClaim("exp");
    assertEquals("the token has no expiry (exp)", rejected(KEYS.sign(noExp, KEYS.rsa)));
    JwtClaims wrongIssuer = claims(60);
    wrongIssuer.setIssuer("https://evil.example");
    assertEquals("the token's issuer is not accepted", rejected(KEYS.sign(wrongIssuer, KEYS.rsa)));
    JwtClaims wrongAudience = claims(60);
    wrongAudience.setAudience("someone-else");
    assertEquals(
        "the token's audience is not accepted", rejected(KEYS.sign(wrongAudience, KEYS.rsa)));
    JwtClaims badRights = claims(60);
    badRights.setClaim("herald", Map.of("publish", List.of("a/**/b")));
    assertTrue(rejected(KEYS.sign(badRights, KEYS.rsa)).contains("malformed"));
    // Garbage, alg none, HS256 keyed with the public key, an algorithm outside the allowlist.
    assertEquals("the token does not verify", rejected("garbage"));
    assertEquals("the token does not verify", rejected("a.b.c"));
    assertEquals("the token does not verify", rejected(unsigned(claims(60))));
    assertEquals("the token does not verify", rejected(hmacWithThePublicKey(claims(60))));
    assertEquals(
        "the token does not verify",
        rejected(
            Tokens4Tests.sign(claims(60), KEYS.rsa, AlgorithmIdentifiers.RSA_PSS_USING_SHA256)));
  }

  @Test
  void aPemKeyFromAFileVerifiesToo(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("key.pem");
    Files.writeString(pem, KEYS.rsaPem());
    TokenVerifier fromFile =
        TokenVerifier.from(
            HeraldConfig.of(Map.of("mp.jwt.verify.publickey.location", pem.toString())));
    assertEquals("alice", fromFile.verify(KEYS.sign(claims(60), KEYS.rsa), false).subject());
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class,
            () ->
                TokenVerifier.from(
                    HeraldConfig.of(
                        Map.of(
                            "mp.jwt.verify.publickey.location", dir.resolve("none").toString()))));
    assertTrue(missing.getMessage().contains("mp.jwt.verify.publickey.location"));
    IllegalStateException garbage =
        assertThrows(
            IllegalStateException.class,
            () -> TokenVerifier.from(HeraldConfig.of(Map.of("mp.jwt.verify.publickey", "nope"))));
    assertTrue(garbage.getMessage().contains("mp.jwt.verify.publickey"));
  }

  private static String unsigned(JwtClaims claims) {
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String body =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(claims.toJson().getBytes(StandardCharsets.UTF_8));
    return header + "." + body + ".";
  }

  /** The classic confusion attack: HS256 keyed with the bytes of the public key. */
  private static String hmacWithThePublicKey(JwtClaims claims) {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
      jws.setKey(new HmacKey(KEYS.rsaPem().getBytes(StandardCharsets.UTF_8)));
      jws.setDoKeyValidation(false);
      return jws.getCompactSerialization();
    } catch (org.jose4j.lang.JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
