package dev.herald.security;

import dev.herald.api.TopicNames;
import dev.herald.api.TopicPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a token allows, from its {@code herald} claim: {@code {"publish": ["orders/*"], "subscribe":
 * ["users/42/**"]}}. Publishing and subscribing are independent, and no right reaches Herald's own
 * {@code herald/} feeds for publishing. Other protocols (a Mercure endpoint) can map their claims
 * onto the same two lists.
 */
public record Rights(List<TopicPattern> publish, List<TopicPattern> subscribe) {
  public static final Rights NONE = new Rights(List.of(), List.of());

  /**
   * @param claim the claim's value as parsed JSON: {@code null} for none
   * @throws IllegalArgumentException when the claim is not the documented shape
   */
  static Rights fromClaim(Object claim) {
    if (claim == null) return NONE;
    if (!(claim instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("the herald claim must be an object");
    }
    return new Rights(
        patterns(map.get("publish"), "publish"), patterns(map.get("subscribe"), "subscribe"));
  }

  private static List<TopicPattern> patterns(Object list, String name) {
    if (list == null) return List.of();
    if (!(list instanceof List<?> items)) {
      throw new IllegalArgumentException("herald." + name + " must be a list of topic patterns");
    }
    List<TopicPattern> out = new ArrayList<>(items.size());
    for (Object item : items) {
      if (!(item instanceof String s)) {
        throw new IllegalArgumentException("herald." + name + " must be a list of topic patterns");
      }
      out.add(TopicPattern.compile(s));
    }
    return List.copyOf(out);
  }

  public boolean canPublish(String topic) {
    return !TopicNames.isReserved(topic) && publish.stream().anyMatch(p -> p.matches(topic));
  }

  public boolean canSubscribe(String topic) {
    return subscribe.stream().anyMatch(p -> p.matches(topic));
  }
}
