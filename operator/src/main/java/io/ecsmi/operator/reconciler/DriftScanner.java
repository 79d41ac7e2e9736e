package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.aws.AwsCallException;
import io.ecsmi.operator.aws.AwsFailure;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.Partition;
import io.ecsmi.operator.aws.ProviderKey;
import io.ecsmi.operator.observability.OperatorMetrics;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds changes made outside Kubernetes. Every resync interval it describes all capacity providers
 * of the watched resources, 100 names per DescribeCapacityProviders call per region and cluster,
 * and triggers a reconcile only for the resources whose provider changed since it was last seen (by
 * this scan or by a reconcile, which {@link #remember}s what it saw and did). In steady state that
 * is one AWS call per hundred resources per interval and no reconciles at all.
 *
 * <p>Each scan also asks IAM, once per partition, whether the service-linked role the watched
 * resources need still exists ({@link RoleWatch}); a role found gone makes them all reconcile.
 *
 * <p>Only the active replica (the leader) scans: a standby makes no AWS call. A failed scan is
 * logged, counted ({@code ecsmi.drift.scan.failures}) and retried at the next interval; nothing a
 * scan throws stops the schedule. A cluster whose describe AWS refuses does not fail the scan of
 * the others, and the scan still completes: {@link #healthy} reports a scanner that no longer
 * completes scans (a bug every time, a stuck thread), not an AWS outage, which must not restart the
 * operator.
 */
final class DriftScanner extends AbstractEventSource<ObservedProvider, CapacityProvider> {

  private static final Logger LOG = LoggerFactory.getLogger(DriftScanner.class);

  /** Many providers of one cluster, name to provider ({@code CapacityProviders::describeAll}). */
  interface Describer {
    Map<String, ObservedProvider> describeAll(
        String region, String cluster, Collection<String> names);
  }

  /** Whether a partition's service-linked role exists, asked of IAM (empty: no answer). */
  interface RoleWatch {
    Optional<Boolean> verify(Partition partition);
  }

  /** Scans missed before the scanner counts as unhealthy. */
  static final int MISSED_SCANS = 3;

  private final Describer providers;
  private final RoleWatch roles;
  private final Function<CapacityProvider, ProviderKey> keys;
  private final Supplier<List<CapacityProvider>> primaries;
  private final Duration interval;
  // Whether this replica scans (is the leader), asked at every tick.
  private final BooleanSupplier active;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Map<ResourceID, Optional<ObservedProvider>> lastSeen = new ConcurrentHashMap<>();
  // Whether each partition's role existed at the last scan that got an answer.
  private final Map<Partition, Boolean> rolePresent = new ConcurrentHashMap<>();
  private ScheduledExecutorService scheduler;
  // Since when a completed scan is owed: the start, the last completed scan, or the last tick of
  // a standby (a new leader gets MISSED_SCANS intervals like a fresh start).
  private volatile Instant owedSince;
  private volatile Instant lastCompleted;

  DriftScanner(
      Describer providers,
      RoleWatch roles,
      Function<CapacityProvider, ProviderKey> keys,
      Supplier<List<CapacityProvider>> primaries,
      Duration interval,
      BooleanSupplier active,
      OperatorMetrics metrics,
      Clock clock) {
    super(ObservedProvider.class, "drift-scanner");
    this.providers = providers;
    this.roles = roles;
    this.keys = keys;
    this.primaries = primaries;
    this.interval = interval;
    this.active = active;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public synchronized void start() throws OperatorException {
    super.start();
    owedSince = clock.instant();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "drift-scanner");
              t.setDaemon(true);
              return t;
            });
    // At a fixed rate, not with a fixed delay: a provider is looked at every interval, not every
    // interval plus a scan's duration (seconds for fifty clusters held to ECS's read quota), so a
    // change made in AWS is found within one interval. A scan that overruns delays the next one,
    // which then starts at once; scans never overlap.
    scheduler.scheduleAtFixedRate(
        this::scan, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() throws OperatorException {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    super.stop();
  }

  @Override
  public Set<ObservedProvider> getSecondaryResources(CapacityProvider primary) {
    return lastSeen.getOrDefault(ResourceID.fromResource(primary), Optional.empty()).stream()
        .collect(Collectors.toSet());
  }

  /** What a reconcile saw (or made) in AWS, so the next scan does not report it as a change. */
  void remember(CapacityProvider resource, Optional<ObservedProvider> observed) {
    lastSeen.put(ResourceID.fromResource(resource), observed);
  }

  void forget(CapacityProvider resource) {
    lastSeen.remove(ResourceID.fromResource(resource));
  }

  /**
   * Whether scans complete: false once none has for {@value #MISSED_SCANS} intervals while this
   * replica is active. True before the scanner starts and on a standby.
   */
  boolean healthy(Instant now) {
    Instant since = owedSince;
    return since == null
        || !active.getAsBoolean()
        || now.isBefore(since.plus(interval.multipliedBy(MISSED_SCANS)));
  }

  /** When the last scan completed, if one did. */
  Optional<Instant> lastCompletedScan() {
    return Optional.ofNullable(lastCompleted);
  }

  /**
   * One tick: a pass over every watched resource when this replica is active, nothing otherwise.
   * Never throws (an exception would cancel the schedule). Tests call it rather than wait.
   */
  void scan() {
    if (!active.getAsBoolean()) {
      owedSince = clock.instant();
      return;
    }
    try {
      scanAll();
      Instant done = clock.instant();
      lastCompleted = done;
      owedSince = done;
      metrics.scanCompleted();
    } catch (RuntimeException e) {
      metrics.scanFailed(OperatorMetrics.SCAN_FAILED_INTERNAL);
      LOG.error("drift scan failed; the next one runs in {}", interval, e);
    }
  }

  private void scanAll() {
    Map<Cluster, Map<ResourceID, ProviderKey>> byCluster = new HashMap<>();
    for (CapacityProvider cp : primaries.get()) {
      ProviderKey key =
          cp.getMetadata().getDeletionTimestamp() == null && cp.getSpec() != null
              ? keys.apply(cp)
              : null;
      if (key != null) {
        byCluster
            .computeIfAbsent(new Cluster(key.region(), key.cluster()), c -> new HashMap<>())
            .put(ResourceID.fromResource(cp), key);
      }
    }
    byCluster.forEach(this::scan);
    Map<Partition, List<ResourceID>> byPartition = new HashMap<>();
    byCluster.forEach(
        (cluster, group) ->
            group.forEach(
                (id, key) ->
                    byPartition.computeIfAbsent(key.partition(), p -> new ArrayList<>()).add(id)));
    byPartition.forEach(this::watchRole);
  }

  /**
   * One GetRole per partition and scan: when the role of resources that need it is found gone (it
   * was there, or this is the first look), they are all reconciled, which creates it again and
   * reports it in their ServiceLinkedRoleReady condition.
   */
  private void watchRole(Partition partition, List<ResourceID> needing) {
    Optional<Boolean> present = roles.verify(partition);
    if (present.isEmpty()) {
      return;
    }
    Boolean before = rolePresent.put(partition, present.get());
    if (!present.get() && !Boolean.FALSE.equals(before)) {
      LOG.warn(
          "the service-linked role of partition {} is gone; reconciling the {} resources that"
              + " need it",
          partition,
          needing.size());
      needing.forEach(id -> getEventHandler().handleEvent(new Event(id)));
    }
  }

  private record Cluster(String region, String name) {}

  private void scan(Cluster cluster, Map<ResourceID, ProviderKey> group) {
    Map<String, ObservedProvider> found;
    try {
      found =
          providers.describeAll(
              cluster.region(),
              cluster.name(),
              group.values().stream().map(ProviderKey::name).toList());
    } catch (AwsCallException e) {
      if (e.failure().kind() == AwsFailure.Kind.INTERNAL) {
        // Not AWS's answer: the operator's own bug, with its stack trace.
        metrics.scanFailed(OperatorMetrics.SCAN_FAILED_INTERNAL);
        LOG.error("drift scan of cluster {} in {} failed", cluster.name(), cluster.region(), e);
      } else {
        metrics.scanFailed(OperatorMetrics.SCAN_FAILED_AWS);
        LOG.warn(
            "drift scan of cluster {} in {} failed: {}",
            cluster.name(),
            cluster.region(),
            e.getMessage());
      }
      return;
    }
    group.forEach(
        (id, key) -> {
          Optional<ObservedProvider> now = Optional.ofNullable(found.get(key.name()));
          Optional<ObservedProvider> before = lastSeen.put(id, now);
          if (before != null && !Objects.equals(before, now)) {
            LOG.info("capacity provider {} changed outside the operator; reconciling {}", key, id);
            getEventHandler().handleEvent(new Event(id));
          }
        });
  }
}
