package io.ecsmi.operator.observability;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.api.v1alpha1.Condition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's own metrics (JOSDK's and the AWS call timer come on top): drift corrections and
 * drift scans, time to first Ready, resources by condition, presence of the service-linked role.
 */
public final class OperatorMetrics {

  /** {@link #scanFailed} reason: AWS refused or did not answer a cluster's describe. */
  public static final String SCAN_FAILED_AWS = "aws";

  /** {@link #scanFailed} reason: the operator's own bug (stack trace in the log). */
  public static final String SCAN_FAILED_INTERNAL = "internal";

  private static final List<String> CONDITIONS =
      List.of(
          "Ready", "Reconciling", "Stalled", "ServiceLinkedRoleReady", "CapacityProviderSynced");
  private static final List<String> STATUSES = List.of("True", "False", "Unknown");

  private final MeterRegistry registry;
  private final Counter driftCorrections;
  private final Counter driftScans;
  private final Timer timeToFirstReady;
  private final Set<String> counted = ConcurrentHashMap.newKeySet();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.driftCorrections =
        Counter.builder("ecsmi.drift.corrections")
            .description("Capacity providers changed outside Kubernetes and set back to the spec")
            .register(registry);
    this.driftScans =
        Counter.builder("ecsmi.drift.scans")
            .description("Drift scans that went over every watched resource")
            .register(registry);
    // Registered up front so a dashboard sees 0, not an absent series, until the first failure.
    scanFailures(SCAN_FAILED_AWS);
    scanFailures(SCAN_FAILED_INTERNAL);
    this.timeToFirstReady =
        Timer.builder("ecsmi.time.to.first.ready")
            .description("From a CapacityProvider's creation to its first Ready")
            // Seconds for one resource, minutes when ECS's request quota paces a thousand.
            .serviceLevelObjectives(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                Duration.ofMinutes(2),
                Duration.ofMinutes(5),
                Duration.ofMinutes(10),
                Duration.ofMinutes(30))
            .register(registry);
  }

  public void driftCorrected() {
    driftCorrections.increment();
  }

  /** {@code ecsmi.drift.scans}: a drift scan went over every watched resource. */
  public void scanCompleted() {
    driftScans.increment();
  }

  /**
   * {@code ecsmi.drift.scan.failures{reason}}: {@link #SCAN_FAILED_AWS} for a cluster whose
   * describe failed (the other clusters are still scanned), {@link #SCAN_FAILED_INTERNAL} for a bug
   * of the operator.
   */
  public void scanFailed(String reason) {
    scanFailures(reason).increment();
  }

  private Counter scanFailures(String reason) {
    return Counter.builder("ecsmi.drift.scan.failures")
        .description("Drift scans (or a cluster's part of one) that failed, by reason")
        .tag("reason", reason)
        .register(registry);
  }

  /**
   * {@code ecsmi.internal.errors{operation}}: an operator bug surfaced (an exception outside the
   * AWS SDK); its stack trace is in the log.
   */
  public void internalError(String operation) {
    Counter.builder("ecsmi.internal.errors")
        .description("Exceptions of the operator itself (bugs), by the operation that failed")
        .tag("operation", operation)
        .register(registry)
        .increment();
  }

  /** The resource with {@code uid} became Ready for the first time this process saw. */
  public void firstReady(String uid, Duration sinceCreation) {
    if (counted.add(uid) && !sinceCreation.isNegative()) {
      timeToFirstReady.record(sinceCreation);
    }
  }

  public void forget(String uid) {
    counted.remove(uid);
  }

  /** {@code ecsmi.resources{condition,status}}: the watched resources by condition, at scrape. */
  public void bindResources(Supplier<List<CapacityProvider>> resources) {
    for (String type : CONDITIONS) {
      for (String status : STATUSES) {
        Gauge.builder("ecsmi.resources", () -> count(resources.get(), type, status))
            .description("CapacityProvider resources by condition and status")
            .tag("condition", type)
            .tag("status", status)
            .register(registry);
      }
    }
    Gauge.builder("ecsmi.resources.watched", () -> resources.get().size())
        .description("CapacityProvider resources watched")
        .register(registry);
  }

  /**
   * {@code ecsmi.service.linked.role.present{partition}}: 1 present, 0 absent, NaN not known yet.
   */
  public void bindRolePresence(String partition, Supplier<Optional<Boolean>> present) {
    Gauge.builder(
            "ecsmi.service.linked.role.present",
            () -> present.get().map(p -> p ? 1.0 : 0.0).orElse(Double.NaN))
        .description("Whether AWSServiceRoleForECSCompute exists, as the operator last saw it")
        .tag("partition", partition)
        .register(registry);
  }

  /** {@code ecsmi.leader}: 1 on the replica that reconciles, 0 on a standby. */
  public void bindLeader(BooleanSupplier leading) {
    Gauge.builder("ecsmi.leader", () -> leading.getAsBoolean() ? 1.0 : 0.0)
        .description("1 on the replica that reconciles (the leader), 0 on a standby")
        .register(registry);
  }

  /** {@code ecsmi.build.info{version}}: always 1; the version is in the label. */
  public void bindBuildInfo(String version) {
    Gauge.builder("ecsmi.build.info", () -> 1.0)
        .description("The operator's version, in the version label")
        .tag("version", version)
        .register(registry);
  }

  private static long count(List<CapacityProvider> resources, String type, String status) {
    return resources.stream()
        .filter(cp -> cp.getStatus() != null && cp.getStatus().conditions() != null)
        .flatMap(cp -> cp.getStatus().conditions().stream())
        .filter(c -> type.equals(c.type()) && status.equals(c.status()))
        .map(Condition::type)
        .count();
  }
}
