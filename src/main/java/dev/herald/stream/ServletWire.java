package dev.herald.stream;

import dev.herald.hub.Subscriber;
import dev.herald.hub.Wire;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;

/**
 * A stream's response, held open with Servlet async. The container tells us when the client goes
 * away (often only on a failed write); the subscriber then ends.
 */
final class ServletWire implements Wire, AsyncListener {
  private final AsyncContext async;
  private final ServletOutputStream out;
  private volatile Subscriber subscriber;

  ServletWire(AsyncContext async) throws IOException {
    this.async = async;
    this.out = async.getResponse().getOutputStream();
  }

  void attach(Subscriber s) {
    this.subscriber = s;
    async.addListener(this);
  }

  @Override
  public void write(byte[] frame) throws IOException {
    out.write(frame);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() {
    try {
      async.complete();
    } catch (RuntimeException e) {
      // Already completed, or the connection already torn down, because the client left.
    }
  }

  private void ended() {
    Subscriber s = subscriber;
    if (s != null) s.requestClose("client gone");
  }

  @Override
  public void onComplete(AsyncEvent event) {
    ended();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    ended();
  }

  @Override
  public void onError(AsyncEvent event) {
    ended();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // Not restarted.
  }
}
