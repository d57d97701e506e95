package dev.herald.hub;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's waiting long-polls by topic. The inbound path offers each event to the polls of its
 * topic, then answers every poll it touched once, so one batch of events is one answer.
 */
final class Polls {
  private final Map<String, Set<WaitingPoll>> byTopic = new ConcurrentHashMap<>();
  private final Set<WaitingPoll> all = ConcurrentHashMap.newKeySet();

  void add(WaitingPoll p) {
    all.add(p);
    for (String t : p.topics()) {
      byTopic.compute(
          t,
          (k, set) -> {
            Set<WaitingPoll> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(p);
            return s;
          });
    }
  }

  void remove(WaitingPoll p) {
    all.remove(p);
    for (String t : p.topics()) {
      byTopic.computeIfPresent(t, (k, set) -> set.remove(p) && set.isEmpty() ? null : set);
    }
  }

  /** On the hub's one inbound path, so events reach each poll in log order. */
  void deliver(List<Event> events) {
    if (all.isEmpty()) return;
    Set<WaitingPoll> touched = null;
    for (Event e : events) {
      Set<WaitingPoll> waiting = byTopic.get(e.topic());
      if (waiting == null) continue;
      for (WaitingPoll p : waiting) {
        p.offer(e);
        if (touched == null) touched = new LinkedHashSet<>();
        touched.add(p);
      }
    }
    if (touched != null) for (WaitingPoll p : touched) p.flush();
  }

  /** Answers every waiting poll now, with what it has. */
  void answerAll() {
    for (WaitingPoll p : all) p.answerNow();
  }

  int size() {
    return all.size();
  }
}
