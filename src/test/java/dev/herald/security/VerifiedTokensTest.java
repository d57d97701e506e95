package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.api.TopicPattern;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
  private static final long SKEW = 60_000;
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Rights rights = new Rights(List.of(TopicPattern.compile("orders/**")), List.of());

  private Caller caller(long expiresAt) {
    return new Caller("alice", rights, expiresAt, false, false);
  }

  @Test
  void aVerifiedTokenIsKnownUntilItExpiresPastTheSkew() {
    VerifiedTokens tokens = new VerifiedTokens(10, SKEW, now::get);
    long exp = now.get() + 5_000;
    tokens.put("token-a", caller(exp));
    Caller known = tokens.get("token-a", true);
    assertEquals(new Caller("alice", rights, exp, true, false), known, "as presented this time");
    assertNull(tokens.get("token-b", false), "another token is not known");
    now.set(exp + SKEW);
    assertEquals("alice", tokens.get("token-a", false).subject(), "still within the skew");
    now.set(exp + SKEW + 1);
    assertNull(tokens.get("token-a", false), "past it, only a fresh verification may answer");
    assertEquals(0, tokens.size(), "and the entry is gone");
  }

  @Test
  void expiredCallersAreNeverRememberedAndZeroRemembersNothing() {
    VerifiedTokens tokens = new VerifiedTokens(10, SKEW, now::get);
    tokens.put("late", new Caller("bob", rights, now.get() - 1, false, true));
    assertNull(tokens.get("late", false));
    VerifiedTokens off = new VerifiedTokens(0, SKEW, now::get);
    off.put("token-a", caller(now.get() + 5_000));
    assertNull(off.get("token-a", false));
  }

  @Test
  void aFullCacheDropsTheExpiredFirstAndStaysBounded() {
    VerifiedTokens tokens = new VerifiedTokens(3, SKEW, now::get);
    tokens.put("soon", caller(now.get() + 1_000));
    tokens.put("later-1", caller(now.get() + 600_000));
    tokens.put("later-2", caller(now.get() + 600_000));
    now.addAndGet(1_000 + SKEW + 1);
    tokens.put("later-3", caller(now.get() + 600_000));
    assertEquals(3, tokens.size(), "the expired one made room");
    assertTrue(tokens.get("later-1", false) != null && tokens.get("later-3", false) != null);
    for (int i = 0; i < 10; i++) tokens.put("more-" + i, caller(now.get() + 600_000));
    assertTrue(tokens.size() <= 3, "never more than its capacity: " + tokens.size());
    assertEquals("alice", tokens.get("more-9", false).subject(), "the newest is kept");
  }
}
