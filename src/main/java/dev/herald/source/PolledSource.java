package dev.herald.source;

import dev.herald.hub.Frames;
import java.time.Duration;

/**
 * A source Herald asks for its current value at an interval, on one managed scheduled executor. One
 * poll serves every subscriber of the topic, and Herald publishes only when the value changed.
 */
public interface PolledSource extends EventSource {
  String topic();

  default String type() {
    return Frames.DEFAULT_TYPE;
  }

  Duration interval();

  /**
   * @return the current value: a string, a {@code JsonValue}, or any object JSON-B can write;
   *     compared with the last one by {@code equals} (records, strings and JSON values compare by
   *     value); {@code null} publishes nothing
   * @throws Exception when the value cannot be read now; Herald logs it and asks again later
   */
  Object poll() throws Exception;
}
