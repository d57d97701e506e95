package dev.herald.publish;

/**
 * An event for Herald to publish, fired as a CDI event: {@code events.fireAsync(new
 * HeraldEvent("orders/42", "status", order))}. Data follows {@link Publisher#publish}.
 */
public record HeraldEvent(String topic, String type, Object data) {
  public static HeraldEvent of(String topic, Object data) {
    return new HeraldEvent(topic, null, data);
  }
}
