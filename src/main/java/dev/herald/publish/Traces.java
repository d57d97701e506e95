package dev.herald.publish;

import dev.herald.hub.Appended;
import io.opentelemetry.api.trace.Span;

/**
 * Marks the publish request's span (MicroProfile Telemetry traces every JAX-RS request once {@code
 * otel.sdk.disabled=false}) with what it published: one span per publish, never one per delivery.
 * Without the OpenTelemetry API in view (a server that hides third-party APIs from the application)
 * it does nothing, rather than failing publishes.
 */
final class Traces {
  private static final boolean VISIBLE = visible();

  private Traces() {}

  static void published(Appended a) {
    if (!VISIBLE || a.ids().isEmpty()) return;
    Span span = Span.current();
    if (!span.isRecording()) return;
    span.setAttribute("herald.event.id", a.ids().get(0).toString());
    span.setAttribute("herald.event.count", a.ids().size());
    if (a.ids().size() > 1) {
      span.setAttribute("herald.event.last_id", a.ids().get(a.ids().size() - 1).toString());
    }
    span.setAttribute("herald.repeated", a.repeated());
  }

  private static boolean visible() {
    try {
      Class.forName("io.opentelemetry.api.trace.Span", false, Traces.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
