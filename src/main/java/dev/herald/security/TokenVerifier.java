package dev.herald.security;

import dev.herald.config.HeraldConfig;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * Verifies bearer tokens: RS256 or ES256 only (never {@code none}, never an HMAC keyed with the
 * public key), signed by the configured key, with an {@code exp}, within the clock skew, and for
 * the configured issuer and audience when those are set. A token that verified is remembered until
 * it expires ({@code herald.security.token-cache}).
 */
public final class TokenVerifier {
  private static final String RIGHTS_CLAIM = "herald";

  private final VerificationKeyResolver keys;
  private final HeraldConfig config;
  private final JwtConsumer consumer;
  private final VerifiedTokens verified;

  private TokenVerifier(VerificationKeyResolver keys, HeraldConfig config) {
    this.keys = keys;
    this.config = config;
    this.consumer = consumer(null);
    // The system clock, as jose4j judges expiry by it: the cache must agree with the verifier.
    this.verified =
        new VerifiedTokens(
            config.tokenCache(), config.jwtClockSkewSeconds() * 1000L, System::currentTimeMillis);
  }

  /**
   * @return the verifier, or {@code null} when no key is configured
   * @throws IllegalStateException naming the setting whose key cannot be read
   */
  public static TokenVerifier from(HeraldConfig config) {
    if (!config.jwtConfigured()) return null;
    return new TokenVerifier(
        VerificationKeys.from(config.jwtPublicKey(), config.jwtPublicKeyLocation()), config);
  }

  /** One consumer checks everything; at {@code evaluatedAt} it judges expiry as of then. */
  private JwtConsumer consumer(NumericDate evaluatedAt) {
    JwtConsumerBuilder b =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setAllowedClockSkewInSeconds(config.jwtClockSkewSeconds())
            .setVerificationKeyResolver(keys)
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.RSA_USING_SHA256,
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    if (!config.jwtIssuer().isEmpty()) b.setExpectedIssuer(config.jwtIssuer());
    List<String> audiences = config.jwtAudiences();
    if (audiences.isEmpty()) b.setSkipDefaultAudienceValidation();
    else b.setExpectedAudience(audiences.toArray(new String[0]));
    if (evaluatedAt != null) b.setEvaluationTime(evaluatedAt);
    return b.build();
  }

  /**
   * @param fromCookie where the token came from, which limits what it may do
   * @return the caller; {@link Caller#expired} when the token is good in every way but its expiry
   * @throws TokenRejected for anything else, with the reason
   */
  Caller verify(String token, boolean fromCookie) throws TokenRejected {
    Caller known = verified.get(token, fromCookie);
    if (known != null) return known;
    try {
      Caller caller = caller(consumer.process(token).getJwtClaims(), fromCookie, false);
      verified.put(token, caller);
      return caller;
    } catch (InvalidJwtException e) {
      if (onlyExpired(e)) return expired(token, e, fromCookie);
      throw new TokenRejected(reason(e));
    }
  }

  private static boolean onlyExpired(InvalidJwtException e) {
    return e.hasExpired()
        && e.getErrorDetails().stream().allMatch(d -> d.getErrorCode() == ErrorCodes.EXPIRED);
  }

  /** Checks the expired token again as of just before it expired: everything else must hold. */
  private Caller expired(String token, InvalidJwtException e, boolean fromCookie)
      throws TokenRejected {
    try {
      NumericDate exp = e.getJwtContext().getJwtClaims().getExpirationTime();
      NumericDate before = NumericDate.fromSeconds(exp.getValue() - 1);
      return caller(consumer(before).process(token).getJwtClaims(), fromCookie, true);
    } catch (InvalidJwtException | MalformedClaimException again) {
      throw new TokenRejected("the token does not verify");
    }
  }

  private static Caller caller(JwtClaims claims, boolean fromCookie, boolean expired)
      throws TokenRejected {
    try {
      String subject = claims.getSubject() != null ? claims.getSubject() : "token";
      Rights rights = Rights.fromClaim(claims.getClaimValue(RIGHTS_CLAIM));
      long exp = claims.getExpirationTime().getValueInMillis();
      return new Caller(subject, rights, exp, fromCookie, expired);
    } catch (MalformedClaimException | IllegalArgumentException e) {
      throw new TokenRejected("the token's claims are malformed: " + e.getMessage());
    }
  }

  /** A reason for the client that names the fault, not the token's contents. */
  private static String reason(InvalidJwtException e) {
    if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) return "the token's signature is invalid";
    if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) return "the token has no expiry (exp)";
    if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) return "the token is not valid yet (nbf)";
    if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID)) return "the token's issuer is not accepted";
    if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)) return "the token's audience is not accepted";
    if (e.hasExpired()) return "the token has expired";
    return "the token does not verify";
  }
}
