package dev.herald.hub;

import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * The subscribers of one topic: each event is encoded once and the same bytes go to every
 * subscriber's queue. Delivery walks a plain array, so it allocates nothing; the array is copied
 * only when subscribers come and go.
 */
public final class TopicBroadcaster {
  private static final Subscriber[] NONE = new Subscriber[0];

  private final String topic;
  private volatile Subscriber[] subscribers = NONE;

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
   * Queues the event for every subscriber and starts writers for those it woke, a few threads for
   * the lot rather than one wake-up each.
   */
  void deliver(Event event, int runners, Executor writers) {
    Subscriber[] all = subscribers;
    Subscriber[] woken = null;
    int n = 0;
    for (Subscriber s : all) {
      if (s.enqueue(event)) {
        if (woken == null) woken = new Subscriber[all.length];
        woken[n++] = s;
      }
    }
    if (n > 0) Fanout.start(woken, n, runners, writers);
  }

  synchronized void register(Subscriber s) {
    Subscriber[] next = Arrays.copyOf(subscribers, subscribers.length + 1);
    next[next.length - 1] = s;
    subscribers = next;
  }

  /** Removes a closed subscriber; returns true when none are left. */
  synchronized boolean remove(Subscriber s) {
    Subscriber[] current = subscribers;
    int i = Arrays.asList(current).indexOf(s);
    if (i >= 0) {
      Subscriber[] next = new Subscriber[current.length - 1];
      System.arraycopy(current, 0, next, 0, i);
      System.arraycopy(current, i + 1, next, i, current.length - i - 1);
      subscribers = next;
    }
    return subscribers.length == 0;
  }
}
