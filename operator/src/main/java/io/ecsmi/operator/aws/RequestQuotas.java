package io.ecsmi.operator.aws;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * ECS's request quotas, kept on the operator's side so that its calls are spaced to what ECS allows
 * instead of being throttled and retried (a throttled call is a call spent for nothing, and its
 * retries compete with the calls that would succeed).
 *
 * <p>"Request throttling for the Amazon ECS API" (ECS API Reference): per account and Region, the
 * actions of a category share one token bucket, whose maximum capacity is the burst and whose
 * refill rate is the sustained rate. For the actions the operator calls: capacity provider modify
 * (Create/Update/DeleteCapacityProvider) 10 burst, 1 per second; capacity provider read
 * (DescribeCapacityProviders) 50, 20 per second; tag modify (Tag/UntagResource) 20, 10 per second.
 * Other clients of the same account draw from the same buckets, so ECS may still throttle; the
 * SDK's retries and the reconcile's backoff handle that.
 *
 * <p>Calls are spaced 5% slower than the quota ({@link #MARGIN}). Each bucket is a generic cell
 * rate algorithm: a call reserves the next free slot, which may lie in the future (the caller waits
 * for it or comes back then), so callers are served in the order they asked and no slot is handed
 * out twice.
 */
public final class RequestQuotas {

  /** One category's bucket: its burst (maximum capacity) and refill per second. */
  public record Quota(String category, List<String> operations, int burst, double perSecond) {

    /** "1 CreateCapacityProvider, UpdateCapacityProvider or DeleteCapacityProvider call …". */
    public String describe() {
      return "ECS allows "
          + (perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : perSecond)
          + " "
          + category
          + " call"
          + (perSecond == 1 ? "" : "s")
          + " per second per account and Region (bursts of "
          + burst
          + ")";
    }
  }

  /** The quotas of the ECS actions the operator calls (ECS API Reference, request throttling). */
  public static final List<Quota> ECS =
      List.of(
          new Quota(
              "capacity provider modify",
              List.of("CreateCapacityProvider", "UpdateCapacityProvider", "DeleteCapacityProvider"),
              10,
              1),
          new Quota("capacity provider read", List.of("DescribeCapacityProviders"), 50, 20),
          new Quota("tag modify", List.of("TagResource", "UntagResource"), 20, 10));

  /**
   * How much slower than the quota calls are spaced: a call leaves on time but reaches ECS a little
   * earlier or later than the one before it, and a call that arrives a few milliseconds before its
   * token is throttled.
   */
  static final double MARGIN = 0.05;

  /**
   * The share of a bucket's burst the operator spends at once. The rest is slack: calls of a burst
   * reach ECS later than they left (the first calls of a fresh client are slow), which makes ECS's
   * bucket refill later than the operator's model of it, and other clients of the account draw from
   * the same bucket.
   */
  static final double BURST_SHARE = 0.5;

  private record Key(String region, String category) {}

  /** A bucket as the theoretical arrival time of the next call (GCRA). */
  private static final class Bucket {
    private final long interval;
    private final long tolerance;
    private long nextArrival;

    Bucket(Quota quota, long now) {
      interval = (long) (1e9 / quota.perSecond() * (1 + MARGIN));
      tolerance = interval * Math.max(0, (long) Math.floor(quota.burst() * BURST_SHARE) - 1);
      nextArrival = now;
    }

    /** Reserves the next slot at or after {@code now}; the nanoseconds until it. */
    synchronized long reserve(long now) {
      long arrival = Math.max(nextArrival, now);
      long wait = Math.max(0, arrival - tolerance - now);
      nextArrival = arrival + interval;
      return wait;
    }
  }

  private final Map<String, Quota> byOperation = new ConcurrentHashMap<>();
  private final Map<Key, Bucket> buckets = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  RequestQuotas(List<Quota> quotas, LongSupplier nanoTime) {
    quotas.forEach(q -> q.operations().forEach(op -> byOperation.put(op, q)));
    this.nanoTime = nanoTime;
  }

  /** ECS's published quotas, on the system's clock. */
  public static RequestQuotas ecs() {
    return new RequestQuotas(ECS, System::nanoTime);
  }

  /** No quotas (the benchmark's naive baseline): every call may go at once. */
  public static RequestQuotas none() {
    return new RequestQuotas(List.of(), System::nanoTime);
  }

  public Optional<Quota> quota(String operation) {
    return Optional.ofNullable(byOperation.get(operation));
  }

  /**
   * Reserves a slot for one call of {@code operation} in {@code region} and returns the wait until
   * it (zero: now). The slot is taken: the caller must make the call then, or leave it unused.
   */
  public Duration reserve(String region, String operation) {
    Quota quota = byOperation.get(operation);
    if (quota == null) {
      return Duration.ZERO;
    }
    long now = nanoTime.getAsLong();
    Bucket bucket =
        buckets.computeIfAbsent(new Key(region, quota.category()), k -> new Bucket(quota, now));
    return Duration.ofNanos(bucket.reserve(now));
  }

  /** Reserves a slot and waits for it (for calls whose waits are short: reads, tags). */
  public void acquire(String region, String operation) {
    sleep(reserve(region, operation));
  }

  static void sleep(Duration wait) {
    if (wait.isZero()) {
      return;
    }
    try {
      Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AwsCallException(
          new AwsFailure(
              AwsFailure.Kind.TRANSIENT,
              "RequestQuota",
              "Interrupted",
              "interrupted while waiting for a request slot",
              "the operator is stopping"),
          e);
    }
  }
}
