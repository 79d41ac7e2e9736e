package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.aws.AwsCallException;
import io.ecsmi.operator.aws.CapacityProviders;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.ProviderKey;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Duration;
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
 * <p>A failed scan is logged and retried at the next interval; it does not make the operator
 * unhealthy (an AWS outage must not restart it).
 */
final class DriftScanner extends AbstractEventSource<ObservedProvider, CapacityProvider> {

  private static final Logger LOG = LoggerFactory.getLogger(DriftScanner.class);

  private final CapacityProviders providers;
  private final Function<CapacityProvider, ProviderKey> keys;
  private final Supplier<List<CapacityProvider>> primaries;
  private final Duration interval;
  private final Map<ResourceID, Optional<ObservedProvider>> lastSeen = new ConcurrentHashMap<>();
  private ScheduledExecutorService scheduler;

  DriftScanner(
      CapacityProviders providers,
      Function<CapacityProvider, ProviderKey> keys,
      Supplier<List<CapacityProvider>> primaries,
      Duration interval) {
    super(ObservedProvider.class, "drift-scanner");
    this.providers = providers;
    this.keys = keys;
    this.primaries = primaries;
    this.interval = interval;
  }

  @Override
  public synchronized void start() throws OperatorException {
    super.start();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "drift-scanner");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
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

  /** One pass over every watched resource; tests call it rather than wait an interval. */
  void scan() {
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
      LOG.warn(
          "drift scan of cluster {} in {} failed: {}",
          cluster.name(),
          cluster.region(),
          e.getMessage());
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
