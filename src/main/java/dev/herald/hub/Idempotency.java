package dev.herald.hub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * A publisher's idempotency key with a digest of the events it names: a repeat with the same key
 * and the same events is answered from the first append, the same key with other events is a
 * conflict. The log stores both with the events, inside its atomic append.
 */
public record Idempotency(String key, String fingerprint) {

  /** The key for these drafts, or {@code null} when the publisher sent none. */
  public static Idempotency of(String key, List<Draft> drafts) {
    if (key == null) return null;
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    for (Draft d : drafts) {
      part(sha, d.topic());
      part(sha, d.type());
      part(sha, d.data().json() ? "json" : "text");
      part(sha, d.data().text());
      part(sha, d.clientId());
    }
    return new Idempotency(key, Base64.getEncoder().encodeToString(sha.digest()));
  }

  /** Length first, so no two different sequences of parts hash the same bytes. */
  private static void part(MessageDigest sha, String s) {
    if (s == null) {
      sha.update((byte) 0);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    sha.update((byte) 1);
    sha.update(
        new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8)});
    sha.update((byte) b.length);
    sha.update(b);
  }
}
