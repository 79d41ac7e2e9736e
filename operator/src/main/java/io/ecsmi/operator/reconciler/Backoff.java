package io.ecsmi.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Per-resource exponential backoff: how long to wait before the next attempt of one kind (polling a
 * transition, retrying a throttled call, retrying what AWS refused or what needs a human). In
 * memory: after a restart every resource starts over from the shortest delay.
 */
final class Backoff {

  /** A kind of waiting, with its own delays. */
  enum Track {
    /** Waiting for AWS to finish a transition (PROVISIONING, UPDATE_IN_PROGRESS, deletion). */
    POLL(Duration.ofSeconds(1), Duration.ofSeconds(15)),
    /** A transient failure: throttling, 5xx, timeouts, IAM not yet consistent. */
    RETRY(Duration.ofSeconds(1), Duration.ofMinutes(1)),
    /** AWS refused an update or deletion (UPDATE_FAILED, DELETE_FAILED, in use). */
    REFUSED(Duration.ofSeconds(10), Duration.ofMinutes(10)),
    /** Needs a human (Stalled): a few attempts an hour at most. */
    STALLED(Duration.ofMinutes(10), Duration.ofHours(1));

    final Duration initial;
    final Duration max;

    Track(Duration initial, Duration max) {
      this.initial = initial;
      this.max = max;
    }
  }

  private record Wait(int attempts, Instant notBefore) {}

  private final Clock clock;
  private final Map<String, Wait> waits = new ConcurrentHashMap<>();

  Backoff(Clock clock) {
    this.clock = clock;
  }

  /** The delay before the next attempt, growing with each call until {@link #resetAll}. */
  Duration next(String uid, Track track) {
    Wait wait =
        waits.compute(
            uid + "/" + track,
            (k, w) -> {
              int n = w == null ? 1 : w.attempts + 1;
              long millis =
                  Math.min(track.initial.toMillis() << Math.min(n - 1, 16), track.max.toMillis());
              // Up to 10% jitter, so resources throttled together do not retry together.
              millis += ThreadLocalRandom.current().nextLong(millis / 10 + 1);
              return new Wait(n, clock.instant().plusMillis(millis));
            });
    return Duration.between(clock.instant(), wait.notBefore);
  }

  /** Whether the wait set by the last {@link #next} is over (true when none was set). */
  boolean due(String uid, Track track) {
    Wait wait = waits.get(uid + "/" + track);
    return wait == null || !clock.instant().isBefore(wait.notBefore);
  }

  /** What is left of the current wait (zero when it is over). */
  Duration remaining(String uid, Track track) {
    Wait wait = waits.get(uid + "/" + track);
    if (wait == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), wait.notBefore);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Everything settled: the next wait of any kind starts from the shortest delay. */
  void resetAll(String uid) {
    for (Track track : Track.values()) {
      waits.remove(uid + "/" + track);
    }
  }
}
