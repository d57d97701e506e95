package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.api.Problem;
import dev.herald.api.TopicPattern;
import dev.herald.config.HeraldConfig;
import dev.herald.testing.ServletFakes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessTest {
  private static final Map<String, String> LOCAL_HOST = Map.of("Host", "localhost:9080");
  private static final Rights RIGHTS =
      new Rights(
          List.of(TopicPattern.compile("orders/*")),
          List.of(TopicPattern.compile("users/alice/**")));

  private static Access access(Map<String, String> settings) {
    return Accesses.of(HeraldConfig.of(settings));
  }

  private static final Access KEYED =
      access(
          Map.of("mp.jwt.verify.publickey", "set", "herald.security.private-topics", "users/**"));

  private static HttpServletRequest local(Caller caller) {
    return request("127.0.0.1", LOCAL_HOST, caller);
  }

  private static HttpServletRequest request(String peer, Map<String, String> headers, Caller c) {
    Map<String, Object> attributes = new HashMap<>();
    if (c != null) attributes.put(Caller.ATTRIBUTE, c);
    return ServletFakes.request(peer, headers, c == null ? null : c.subject(), attributes);
  }

  private static Caller bearer(boolean expired) {
    return new Caller("alice", RIGHTS, 0, false, expired);
  }

  private static Caller cookie() {
    return new Caller("alice", RIGHTS, 0, true, false);
  }

  private static int status(Runnable r) {
    return assertThrows(Problem.class, r::run).status();
  }

  @Test
  void withoutAKeyLocalClientsPublishAnonymouslyAndOthersCannot() {
    Access open = access(Map.of());
    open.mayPublish(local(null));
    open.mayPublishTo(local(null), "topic", "anything");
    Problem remote =
        assertThrows(Problem.class, () -> open.mayPublish(request("10.1.2.3", LOCAL_HOST, null)));
    assertEquals(401, remote.status());
    assertEquals("Bearer", remote.challenge());
    assertEquals(
        401,
        status(() -> open.mayPublish(request("127.0.0.1", Map.of("Host", "evil.example"), null))));
  }

  @Test
  void onceAKeyIsSetPublishingNeedsABearerTokenWithTheRight() {
    assertEquals(401, status(() -> KEYED.mayPublish(local(null))));
    KEYED.mayPublish(local(bearer(false)));
    KEYED.mayPublishTo(local(bearer(false)), "topic", "orders/42");
    assertEquals(
        403, status(() -> KEYED.mayPublishTo(local(bearer(false)), "topic", "orders/42/lines")));
    assertEquals(
        403, status(() -> KEYED.mayPublishTo(local(bearer(false)), "topic", "users/alice/x")));
    // A cookie could be sent by any site the browser visits: it never publishes.
    assertEquals(401, status(() -> KEYED.mayPublish(local(cookie()))));
    Problem expired = assertThrows(Problem.class, () -> KEYED.mayPublish(local(bearer(true))));
    assertEquals(401, expired.status());
    assertTrue(expired.type().endsWith("/token-expired"), expired.type());
  }

  @Test
  void anonymousPublishingCanBeForcedEitherWay() {
    access(Map.of("mp.jwt.verify.publickey", "set", "herald.security.anonymous-publish", "true"))
        .mayPublish(local(null));
    Access closed = access(Map.of("herald.security.anonymous-publish", "false"));
    assertEquals(401, status(() -> closed.mayPublish(local(null))));
  }

  @Test
  void privateTopicsNeedASubscribeRightAndOneForbiddenTopicRefusesAll() {
    assertNull(KEYED.maySubscribe(request("10.1.2.3", Map.of(), null), List.of("public/news")));
    assertEquals(401, status(() -> KEYED.maySubscribe(local(null), List.of("users/alice/inbox"))));
    assertEquals(
        "alice",
        KEYED.maySubscribe(local(cookie()), List.of("users/alice/inbox", "news")).subject());
    assertEquals(
        403,
        status(
            () ->
                KEYED.maySubscribe(
                    local(cookie()), List.of("users/alice/inbox", "users/bob/inbox"))));
    // Merely expired: a stream answers it with reauth, so the caller comes back.
    assertTrue(KEYED.maySubscribe(local(bearer(true)), List.of("users/alice/inbox")).expired());
    assertTrue(KEYED.isPrivate("users/x"));
    assertTrue(!KEYED.isPrivate("herald/stats"));
  }
}
