package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.ProviderKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the operator last saw of each capacity provider, shared between the resources of a cluster.
 * A describe asks for every provider of the cluster the operator watches (one call covers up to
 * 100; ECS allows 20 per cluster), and a resource whose reconcile comes soon after uses what that
 * call saw instead of calling again, if it is newer than anything the resource saw itself: a
 * thousand resources applied at once, restarts, and the polling of providers that are being created
 * or deleted all share one call per cluster.
 *
 * <p>"Newer than what the resource saw itself" keeps polling honest: a resource that saw its
 * provider PROVISIONING needs an observation made after that one, and at most a second old.
 * Observations are stamped with the time before the call was made, so a write that happened during
 * the call is not taken as seen.
 */
final class Observations {

  /** How old an observation made for another resource may be for a resource's first look. */
  static final Duration MAX_AGE = Duration.ofSeconds(30);

  /**
   * How old it may be for a later look (a poll of a provider being created, updated or deleted):
   * the poll is due now, and an older answer would only make it wait for the next one.
   */
  static final Duration MAX_AGE_AGAIN = Duration.ofSeconds(1);

  /** A look at one provider: what was there (empty: absent), and when the look began. */
  record Seen(Optional<ObservedProvider> provider, Instant at) {}

  /** One resource's observation: what it saw, and whether it made the call for it. */
  record Look(Optional<ObservedProvider> provider, boolean shared) {}

  /** Describes a key's provider and, in the same call, the named others of its cluster. */
  interface Describe {
    Map<String, Optional<ObservedProvider>> call(ProviderKey key, Collection<String> alsoNames);
  }

  private final Describe describe;
  private final Function<ProviderKey, Set<String>> neighbours;
  private final Clock clock;
  private final Map<ProviderKey, Seen> latest = new ConcurrentHashMap<>();
  private final Map<String, Instant> lookedAt = new ConcurrentHashMap<>();

  /**
   * @param neighbours the names of the watched providers in a key's region and cluster
   */
  Observations(Describe describe, Function<ProviderKey, Set<String>> neighbours, Clock clock) {
    this.describe = describe;
    this.neighbours = neighbours;
    this.clock = clock;
  }

  /**
   * The provider of {@code key} for resource {@code uid}: shared if fresh enough, else described.
   */
  Look observe(String uid, ProviderKey key) {
    Instant now = clock.instant();
    Seen seen = latest.get(key);
    Instant last = lookedAt.get(uid);
    if (seen != null
        && (last == null || seen.at().isAfter(last))
        && !seen.at().plus(last == null ? MAX_AGE : MAX_AGE_AGAIN).isBefore(now)) {
      lookedAt.put(uid, seen.at());
      return new Look(seen.provider(), true);
    }
    Map<String, Optional<ObservedProvider>> found = describe.call(key, neighbours.apply(key));
    found.forEach(
        (name, provider) ->
            latest.put(
                new ProviderKey(key.region(), key.cluster(), name), new Seen(provider, now)));
    lookedAt.put(uid, now);
    return new Look(found.get(key.name()), false);
  }

  /** What a write of resource {@code uid} left in AWS (its answer; null: gone). */
  void wrote(String uid, ProviderKey key, ObservedProvider after) {
    Instant now = clock.instant();
    latest.put(key, new Seen(Optional.ofNullable(after), now));
    lookedAt.put(uid, now);
  }

  /** What the resource saw may be stale (a write was refused on it): the next look describes. */
  void doubt(String uid, ProviderKey key) {
    latest.remove(key);
    lookedAt.put(uid, clock.instant());
  }

  void forget(String uid, ProviderKey key) {
    lookedAt.remove(uid);
    latest.remove(key);
  }
}
