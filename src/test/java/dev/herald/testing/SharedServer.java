package dev.herald.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server several test classes share, so the run pays for one Liberty start instead of one each:
 * started by the first class that extends with its subclass, stopped when the whole run ends (JUnit
 * closes what its root store holds).
 */
abstract class SharedServer implements BeforeAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(getClass(), k -> started(start()), HeraldServer.class);
  }

  /** Creates and starts the server. */
  abstract HeraldServer start();

  /** Remembers the started server where its class's accessor finds it. */
  abstract HeraldServer started(HeraldServer server);

  static HeraldServer require(HeraldServer server, Class<?> kind) {
    if (server == null) {
      throw new IllegalStateException("extend the test class with " + kind.getSimpleName());
    }
    return server;
  }
}
