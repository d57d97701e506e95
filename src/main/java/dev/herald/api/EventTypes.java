package dev.herald.api;

import dev.herald.hub.Frames;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an event type may be: what a browser can listen for, minus the names Herald sends itself.
 */
public final class EventTypes {
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Set<String> RESERVED = Set.of("connected", "gap", "reauth");

  private EventTypes() {}

  /**
   * @return the type, or the default when none is given
   */
  public static String check(String field, String type) {
    if (type == null) return Frames.DEFAULT_TYPE;
    if (!TYPE.matcher(type).matches()) {
      throw Problem.badRequest(
          "invalid-type", field + " '" + type + "' must be 1 to 64 of A-Z a-z 0-9 . _ : -");
    }
    if (RESERVED.contains(type)) {
      throw Problem.badRequest("invalid-type", field + " '" + type + "' is reserved for Herald");
    }
    return type;
  }
}
