package dev.herald.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.api.Problem;
import dev.herald.testing.ServletFakes;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
  private final AtomicBoolean opened = new AtomicBoolean();

  /** A request with this body, declaring {@code length} (-1: none, as a chunked body). */
  private HttpServletRequest request(byte[] body, long length) {
    ServletInputStream in = ServletFakes.input(body);
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getContentLengthLong" -> length;
                  case "getInputStream" -> {
                    opened.set(true);
                    yield in;
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void readsADeclaredBodyWhole() {
    byte[] body = "{\"data\":1}".getBytes();
    assertArrayEquals(body, RequestBodies.read(request(body, body.length), 10));
  }

  @Test
  void refusesADeclaredLengthOverTheLimitUnread() {
    Problem p =
        assertThrows(Problem.class, () -> RequestBodies.read(request(new byte[11], 11), 10));
    assertEquals(413, p.status());
    assertEquals("request-too-large", p.slug());
    assertFalse(opened.get(), "the body was read");
  }

  @Test
  void readsABodyWithoutLengthUpToTheLimit() {
    assertEquals(10, RequestBodies.read(request(new byte[10], -1), 10).length);
  }

  @Test
  void cutsOffABodyWithoutLengthPastTheLimit() {
    Problem p =
        assertThrows(Problem.class, () -> RequestBodies.read(request(new byte[1_000_000], -1), 10));
    assertEquals(413, p.status());
  }
}
