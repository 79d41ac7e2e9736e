package io.ecsmi.operator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one backoff helper: exponential delays per kind of waiting ({@link Track}), and per-key state
 * for callers that wait for many things at once (one key per resource). {@link #delay} is the bare
 * schedule; {@link #next} adds up to 10% jitter so resources throttled together do not retry
 * together. In memory: after a restart every key starts over from the shortest delay.
 */
public final class Backoff {

  /** A kind of waiting, with its own delays. */
  public enum Track {
    /**
     * Waiting for AWS to finish a transition (PROVISIONING, UPDATE_IN_PROGRESS, deletion). AWS
     * documents no duration for them; they take seconds, so a look sooner than 2 s would mostly
     * find the provider unchanged (a describe spent for nothing).
     */
    POLL(Duration.ofSeconds(2), Duration.ofSeconds(15), Integer.MAX_VALUE),
    /** A transient failure: throttling, 5xx, timeouts, IAM not yet consistent. */
    RETRY(Duration.ofSeconds(1), Duration.ofMinutes(1), Integer.MAX_VALUE),
    /**
     * IAM calls of the service-linked role (visibility after a create, deletion tasks). IAM
     * documents no propagation time ("takes time to become visible", IAM troubleshooting, eventual
     * consistency); a first look after a second, then doubling.
     */
    IAM(Duration.ofSeconds(1), Duration.ofSeconds(10), Integer.MAX_VALUE),
    /** AWS refused an update or deletion (UPDATE_FAILED, DELETE_FAILED, in use). */
    REFUSED(Duration.ofSeconds(10), Duration.ofMinutes(10), Integer.MAX_VALUE),
    /**
     * Needs a human (Stalled): a few attempts an hour at most. These are the defaults; {@link
     * #Backoff(Clock, Duration)} sets another first wait (the longest stays six times it).
     */
    STALLED(DEFAULT_STALLED_RETRY, DEFAULT_STALLED_RETRY.multipliedBy(6), Integer.MAX_VALUE),
    /** A bug in the operator: a few attempts, then none until the resource changes. */
    INTERNAL(Duration.ofSeconds(10), Duration.ofMinutes(5), 5);

    final Duration initial;
    final Duration max;
    final int attempts;

    Track(Duration initial, Duration max, int attempts) {
      this.initial = initial;
      this.max = max;
      this.attempts = attempts;
    }
  }

  /** How long a Stalled resource first waits before the operator looks again, by default. */
  public static final Duration DEFAULT_STALLED_RETRY = Duration.ofMinutes(10);

  private record Wait(int attempts, Instant notBefore) {}

  private final Clock clock;
  private final Duration stalledRetry;
  private final Map<String, Wait> waits = new ConcurrentHashMap<>();

  public Backoff(Clock clock) {
    this(clock, DEFAULT_STALLED_RETRY);
  }

  /**
   * @param stalledRetry the first wait of a Stalled resource; it doubles up to six times this
   */
  public Backoff(Clock clock, Duration stalledRetry) {
    this.clock = clock;
    this.stalledRetry = stalledRetry;
  }

  /** The delay before attempt {@code attempt} (1, 2, ...): doubling from the track's initial. */
  public static Duration delay(Track track, int attempt) {
    return doubling(track.initial, track.max, attempt);
  }

  private static Duration doubling(Duration initial, Duration max, int attempt) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 20);
    return Duration.ofMillis(Math.min(initial.toMillis() << doublings, max.toMillis()));
  }

  /** This backoff's delay before attempt {@code attempt}: its own first wait when Stalled. */
  private Duration delayOf(Track track, int attempt) {
    return track == Track.STALLED
        ? doubling(stalledRetry, stalledRetry.multipliedBy(6), attempt)
        : delay(track, attempt);
  }

  /**
   * The delay before {@code key}'s next attempt, growing with each call until {@link #resetAll}.
   */
  public Duration next(String key, Track track) {
    return nextBounded(key, track).orElse(delayOf(track, Integer.MAX_VALUE));
  }

  /**
   * Like {@link #next}, but empty once the track's attempts are used up ({@link Track#INTERNAL}):
   * then nothing is scheduled until something changes.
   */
  public Optional<Duration> nextBounded(String key, Track track) {
    Wait wait =
        waits.compute(
            key + "/" + track,
            (k, w) -> {
              int n = w == null ? 1 : w.attempts + 1;
              long millis = delayOf(track, n).toMillis();
              millis += ThreadLocalRandom.current().nextLong(millis / 10 + 1);
              return new Wait(n, clock.instant().plusMillis(millis));
            });
    if (wait.attempts > track.attempts) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(clock.instant(), wait.notBefore));
  }

  /** Whether the wait set by the last {@link #next} is over (true when none was set). */
  public boolean due(String key, Track track) {
    Wait wait = waits.get(key + "/" + track);
    return wait == null || !clock.instant().isBefore(wait.notBefore);
  }

  /** What is left of the current wait (zero when it is over). */
  public Duration remaining(String key, Track track) {
    Wait wait = waits.get(key + "/" + track);
    if (wait == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), wait.notBefore);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Everything settled: the next wait of any kind starts from the shortest delay. */
  public void resetAll(String key) {
    for (Track track : Track.values()) {
      waits.remove(key + "/" + track);
    }
  }
}
