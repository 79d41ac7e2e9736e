package io.ecsmi.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * AWS's asynchronous transitions (an update completing, a deletion task finishing), run lazily: a
 * transition is due at an instant of the injected clock and runs the next time anyone looks at the
 * account. That keeps the emulator deterministic under a manual clock and needs no threads.
 *
 * <p>Not thread-safe: callers hold the account lock.
 */
final class Timeline {

  private record Due(Instant at, long order, Runnable action) {}

  private final Clock clock;
  private final PriorityQueue<Due> queue =
      new PriorityQueue<>(
          (a, b) -> a.at.equals(b.at) ? Long.compare(a.order, b.order) : a.at.compareTo(b.at));
  private long order;

  Timeline(Clock clock) {
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  /** Runs {@code action} once {@code delay} has passed (at the next {@link #advance()}). */
  void after(Duration delay, Runnable action) {
    queue.add(new Due(now().plus(delay), order++, action));
  }

  /** Runs every transition that is due, in time order (a transition may schedule another). */
  void advance() {
    Instant now = now();
    while (!queue.isEmpty() && !queue.peek().at.isAfter(now)) {
      queue.poll().action.run();
    }
  }

  void clear() {
    queue.clear();
  }
}
