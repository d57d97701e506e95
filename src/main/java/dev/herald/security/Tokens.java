package dev.herald.security;

import dev.herald.config.HeraldConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** The token verifier, made at startup: a key that cannot be read fails the deployment. */
@ApplicationScoped
public class Tokens {
  private static final Logger LOG = Logger.getLogger(Tokens.class.getName());

  @Inject HeraldConfig config;
  private TokenVerifier verifier;

  @PostConstruct
  void load() {
    verifier = TokenVerifier.from(config);
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    LOG.info(() -> verifier == null ? "No token key configured" : "Bearer tokens are verified");
  }

  /** {@code null} when no key is configured. */
  TokenVerifier verifier() {
    return verifier;
  }
}
