package io.ecsmi.emulator.faults;

import io.ecsmi.emulator.AwsError;
import io.ecsmi.emulator.Service;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Fault injection and pacing for the emulated APIs: per-operation latency (fixed, or drawn from a
 * range for every call, with occasional spikes), random failures (including answers lost after the
 * service carried the call out), "fail the next N calls with error X", and token-bucket rate limits
 * per service and region, for the whole service or for a group of its operations that share one
 * bucket (as ECS's throttling quotas are published), answering with the real throttling error.
 * Thread-safe.
 *
 * <p>Settings keyed by operation {@code "*"} apply to every operation of the service; a setting for
 * the exact operation wins.
 */
public final class Faults {

  public static final String ANY = "*";

  private record Key(Service service, String operation) {}

  private record Scripted(AwsError error, AtomicInteger remaining) {}

  /** A call's latency: uniformly between {@code min} and {@code max}. */
  private record Latency(Duration min, Duration max) {}

  /** A share of calls that take longer: with {@code probability}, a latency from this range. */
  private record Spike(double probability, Latency range) {}

  private final Map<Key, Latency> latency = new ConcurrentHashMap<>();
  private final Map<Service, Spike> spikes = new ConcurrentHashMap<>();
  // Operation -> the name of the group whose bucket it draws from, per service.
  private final Map<Key, String> groups = new ConcurrentHashMap<>();
  private final Map<Key, Chaos> chaos = new ConcurrentHashMap<>();
  private final Map<Key, Scripted> scripted = new ConcurrentHashMap<>();
  private final Map<String, TokenBucket> rateLimits = new ConcurrentHashMap<>();

  /** Buckets made per region from a {@link #ANY}-region limit. */
  private final Map<String, TokenBucket> perRegion = new ConcurrentHashMap<>();

  private final Random random;
  private final LongSupplier nanoTime;

  public Faults(long seed, LongSupplier nanoTime) {
    this.random = new Random(seed);
    this.nanoTime = nanoTime;
  }

  /** Every call of {@code operation} ({@link #ANY} for all) takes at least {@code delay}. */
  public Faults latency(Service service, String operation, Duration delay) {
    return latency(service, operation, delay, delay);
  }

  /**
   * Every call of {@code operation} ({@link #ANY} for all) takes between {@code min} and {@code
   * max}.
   */
  public Faults latency(Service service, String operation, Duration min, Duration max) {
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("latency max " + max + " is below min " + min);
    }
    latency.put(new Key(service, operation), new Latency(min, max));
    return this;
  }

  /**
   * A share {@code probability} of {@code service}'s calls take between {@code min} and {@code max}
   * instead of their usual latency: the slow answers a loaded service gives now and then.
   */
  public Faults latencySpikes(Service service, double probability, Duration min, Duration max) {
    if (probability < 0 || probability > 1) {
      throw new IllegalArgumentException("probability must be between 0 and 1: " + probability);
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("latency max " + max + " is below min " + min);
    }
    spikes.put(service, new Spike(probability, new Latency(min, max)));
    return this;
  }

  public Faults chaos(Service service, String operation, Chaos value) {
    chaos.put(new Key(service, operation), value);
    return this;
  }

  /** The next {@code count} calls of {@code operation} fail with {@code error}. */
  public Faults failNext(Service service, String operation, int count, AwsError error) {
    scripted.put(new Key(service, operation), new Scripted(error, new AtomicInteger(count)));
    return this;
  }

  /**
   * Limits {@code service} in {@code region} ({@link #ANY} for each region separately) to {@code
   * perSecond} calls with bursts of {@code burst}; calls over the limit are throttled.
   */
  public Faults rateLimit(Service service, String region, double perSecond, int burst) {
    rateLimits.put(
        service.id() + "/" + region, new TokenBucket(perSecond, burst, nanoTime.getAsLong()));
    perRegion.clear();
    return this;
  }

  /**
   * Limits the {@code operations} of {@code service} together, one bucket named {@code group} per
   * region ({@link #ANY} for each region separately), as ECS publishes its quotas: a group's
   * operations draw from one bucket. An operation in a group is not also held to a service-wide
   * limit.
   */
  public Faults rateLimit(
      Service service,
      String region,
      String group,
      Collection<String> operations,
      double perSecond,
      int burst) {
    operations.forEach(op -> groups.put(new Key(service, op), group));
    rateLimits.put(
        bucketKey(service, group, region), new TokenBucket(perSecond, burst, nanoTime.getAsLong()));
    perRegion.clear();
    return this;
  }

  private static String bucketKey(Service service, String group, String region) {
    return group == null ? service.id() + "/" + region : service.id() + "/" + group + "/" + region;
  }

  public void clear() {
    latency.clear();
    spikes.clear();
    groups.clear();
    chaos.clear();
    scripted.clear();
    rateLimits.clear();
    perRegion.clear();
  }

  /** The latency of one call of {@code operation}: drawn anew for every call from its range. */
  public Duration latencyOf(Service service, String operation) {
    Spike spike = spikes.get(service);
    if (spike != null && roll() < spike.probability()) {
      return draw(spike.range());
    }
    Latency range = latency.get(new Key(service, operation));
    if (range == null) {
      range = latency.get(new Key(service, ANY));
    }
    return range == null ? Duration.ZERO : draw(range);
  }

  private Duration draw(Latency range) {
    long spread = range.max().toNanos() - range.min().toNanos();
    return spread == 0 ? range.min() : range.min().plusNanos((long) (roll() * spread));
  }

  private double roll() {
    synchronized (random) {
      return random.nextDouble();
    }
  }

  /** Decides the fate of one call before the service sees it. */
  public Optional<Fault> decide(Service service, String operation, String region) {
    for (String op : new String[] {operation, ANY}) {
      Scripted s = scripted.get(new Key(service, op));
      if (s != null && s.remaining.getAndDecrement() > 0) {
        return Optional.of(new Fault.Error(s.error));
      }
    }
    String group = groups.get(new Key(service, operation));
    TokenBucket bucket = rateLimits.get(bucketKey(service, group, region));
    if (bucket == null) {
      bucket =
          rateLimitPerRegion(bucketKey(service, group, ANY), bucketKey(service, group, region));
    }
    if (bucket != null && !bucket.tryAcquire(nanoTime.getAsLong())) {
      return Optional.of(new Fault.Error(throttling(service)));
    }
    Chaos c = chaos.get(new Key(service, operation));
    if (c == null) {
      c = chaos.getOrDefault(new Key(service, ANY), Chaos.NONE);
    }
    double roll = roll();
    if (roll < c.throttle()) {
      return Optional.of(new Fault.Error(throttling(service)));
    }
    if (roll < c.throttle() + c.serverError()) {
      return Optional.of(new Fault.Error(serverError(service)));
    }
    if (roll < c.throttle() + c.serverError() + c.connectionReset()) {
      return Optional.of(new Fault.ConnectionReset());
    }
    if (roll < c.throttle() + c.serverError() + c.connectionReset() + c.responseLost()) {
      return Optional.of(new Fault.ResponseLost());
    }
    return Optional.empty();
  }

  /** The real throttling error of the service. */
  public static AwsError throttling(Service service) {
    return service == Service.ECS
        ? AwsError.ecs("ThrottlingException", "Rate exceeded")
        : AwsError.iam("Throttling", "Rate exceeded", 400);
  }

  /** The real internal-error answer of the service. */
  public static AwsError serverError(Service service) {
    return service == Service.ECS
        ? AwsError.ecs("ServerException", "Service Unavailable. Please try again later.")
        : AwsError.iam(
            "ServiceFailure",
            "Request processing has failed due to some unknown error, exception or failure.",
            500);
  }

  private TokenBucket rateLimitPerRegion(String anyRegionKey, String regionKey) {
    TokenBucket template = rateLimits.get(anyRegionKey);
    if (template == null) {
      return null;
    }
    return perRegion.computeIfAbsent(regionKey, k -> template.copy(nanoTime.getAsLong()));
  }
}
