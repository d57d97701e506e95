package dev.herald.hub;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Herald's own {@link SseBroadcaster} for one topic: each event is encoded once and the same bytes
 * go to every subscriber's queue. Delivery walks a plain array, so it allocates nothing; the array
 * is copied only when subscribers come and go.
 */
public final class TopicBroadcaster implements SseBroadcaster {
  private static final Subscriber[] NONE = new Subscriber[0];

  private final String topic;
  private volatile Subscriber[] subscribers = NONE;
  private final List<Consumer<SseEventSink>> closeListeners = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<SseEventSink, Throwable>> errorListeners =
      new CopyOnWriteArrayList<>();

  public TopicBroadcaster(String topic) {
    this.topic = topic;
  }

  public String topic() {
    return topic;
  }

  public int size() {
    return subscribers.length;
  }

  /**
   * Queues the frame for every subscriber and starts writers for those it woke, a few threads for
   * the lot rather than one wake-up each.
   */
  void deliver(byte[] frame, int runners, Executor writers) {
    Subscriber[] all = subscribers;
    Subscriber[] woken = null;
    int n = 0;
    for (Subscriber s : all) {
      if (s.enqueue(frame)) {
        if (woken == null) woken = new Subscriber[all.length];
        woken[n++] = s;
      }
    }
    if (n > 0) Fanout.start(woken, n, runners, writers);
  }

  @Override
  public synchronized void register(SseEventSink sink) {
    if (!(sink instanceof Subscriber s)) {
      throw new IllegalArgumentException("Herald's broadcaster takes Herald's own sinks only");
    }
    Subscriber[] next = Arrays.copyOf(subscribers, subscribers.length + 1);
    next[next.length - 1] = s;
    subscribers = next;
  }

  /** Removes a closed subscriber and tells the listeners; returns true when none are left. */
  synchronized boolean remove(Subscriber s) {
    Subscriber[] current = subscribers;
    int i = Arrays.asList(current).indexOf(s);
    if (i >= 0) {
      Subscriber[] next = new Subscriber[current.length - 1];
      System.arraycopy(current, 0, next, 0, i);
      System.arraycopy(current, i + 1, next, i, current.length - i - 1);
      subscribers = next;
      Throwable failure = s.failure();
      if (failure != null) errorListeners.forEach(l -> l.accept(s, failure));
      else closeListeners.forEach(l -> l.accept(s));
    }
    return subscribers.length == 0;
  }

  @Override
  public CompletionStage<?> broadcast(OutboundSseEvent event) {
    byte[] frame = Frames.outbound(event);
    for (Subscriber s : subscribers) s.offer(frame);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void onError(BiConsumer<SseEventSink, Throwable> onError) {
    errorListeners.add(onError);
  }

  @Override
  public void onClose(Consumer<SseEventSink> onClose) {
    closeListeners.add(onClose);
  }

  @Override
  public void close() {
    close(true);
  }

  /** Herald's broadcasters own no resources but their subscribers; cascading ends their streams. */
  @Override
  public void close(boolean cascading) {
    if (cascading) for (Subscriber s : subscribers) s.requestClose("broadcaster closed");
  }
}
