package io.ecsmi.operator.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The Events written lately and the count each has, least recently used dropped first: a repeat of
 * a remembered event is a PATCH of its count, with no GET. An event forgotten here is created
 * again; if it still exists, the recorder reads its count once.
 *
 * <p>Not thread-safe: only the recorder's worker uses it.
 */
final class RecentEvents {

  private final Map<String, Integer> counts;

  RecentEvents(int capacity) {
    this.counts =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The count the Event named {@code name} was last written with, if remembered. */
  OptionalInt count(String name) {
    Integer count = counts.get(name);
    return count == null ? OptionalInt.empty() : OptionalInt.of(count);
  }

  void wrote(String name, int count) {
    counts.put(name, count);
  }

  /** Its state on the server is not known any more (a write failed). */
  void forget(String name) {
    counts.remove(name);
  }
}
