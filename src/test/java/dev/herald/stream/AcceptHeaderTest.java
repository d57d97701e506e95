package dev.herald.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcceptHeaderTest {
  private static final String SSE = "text/event-stream";

  @Test
  void noHeaderAllowsAnything() {
    assertTrue(AcceptHeader.allows(null, SSE));
    assertTrue(AcceptHeader.allows("  ", SSE));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/event-stream",
        "Text/Event-Stream",
        "text/*",
        "*/*",
        "application/json, text/event-stream;q=0.5",
        "text/html,application/xhtml+xml,*/*;q=0.8",
        "text/event-stream; charset=utf-8",
        "text/event-stream;q=oops"
      })
  void allows(String accept) {
    assertTrue(AcceptHeader.allows(accept, SSE), accept);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "text/html, application/xml",
        "text/event-stream;q=0",
        "text/event-stream;q=0.0, */*",
        "text/*;q=0, application/json",
        "*/*;q=0"
      })
  void refuses(String accept) {
    assertFalse(AcceptHeader.allows(accept, SSE), accept);
  }
}
