package dev.herald.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tokens that verified, remembered until they expire: a publisher sends the same token with every
 * request, and checking it again (a signature verification and its JSON parsed) costs more than the
 * publish itself. Keyed by the token's SHA-256, so an entry is small and a lookup compares digests,
 * never the secret itself. Bounded: when full, the expired entries go, and if none had expired it
 * starts over, which costs one verification per token, never a wrong answer.
 */
final class VerifiedTokens {
  private record Entry(String subject, Rights rights, long expiresAtMillis) {}

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JDK has SHA-256", e);
            }
          });

  private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
  private final int capacity;
  private final long skewMillis;
  private final LongSupplier clock;

  /**
   * @param capacity how many tokens to remember; 0 remembers none
   * @param skewMillis how long past its {@code exp} a token still verifies
   */
  VerifiedTokens(int capacity, long skewMillis, LongSupplier clock) {
    this.capacity = capacity;
    this.skewMillis = skewMillis;
    this.clock = clock;
  }

  /** The caller of a token verified before and not expired since, else {@code null}. */
  Caller get(String token, boolean fromCookie) {
    if (capacity == 0) return null;
    ByteBuffer key = digest(token);
    Entry e = entries.get(key);
    if (e == null) return null;
    if (clock.getAsLong() > e.expiresAtMillis + skewMillis) {
      // Verified again, it answers "expired", which only a fresh verification may say.
      entries.remove(key, e);
      return null;
    }
    return new Caller(e.subject, e.rights, e.expiresAtMillis, fromCookie, false);
  }

  /** Remembers a token that just verified, and not as expired. */
  void put(String token, Caller caller) {
    if (capacity == 0 || caller.expired()) return;
    if (entries.size() >= capacity) evict();
    entries.put(
        digest(token), new Entry(caller.subject(), caller.rights(), caller.expiresAtMillis()));
  }

  int size() {
    return entries.size();
  }

  private void evict() {
    long now = clock.getAsLong();
    entries.values().removeIf(e -> now > e.expiresAtMillis + skewMillis);
    if (entries.size() >= capacity) entries.clear();
  }

  private static ByteBuffer digest(String token) {
    return ByteBuffer.wrap(SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
  }
}
