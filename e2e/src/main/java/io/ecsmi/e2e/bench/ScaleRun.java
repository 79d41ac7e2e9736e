package io.ecsmi.e2e.bench;

import io.ecsmi.e2e.ControlPlane;
import io.ecsmi.e2e.OperatorProcess;
import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.emulator.CallLog;
import io.ecsmi.emulator.Service;
import io.ecsmi.operator.testing.IamPolicies;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One workload of N resources against one operator configuration, on a control plane and an
 * emulator of its own: apply, converge, restart into a short resync to measure the steady state and
 * a drift correction, delete everything down to the service-linked role.
 */
final class ScaleRun {

  /** How long a drift correction is waited for before it counts as not made. */
  static final Duration DRIFT_WINDOW = Duration.ofMinutes(10);

  /** The steady-state phase's resync; its figures are scaled to the default resync. */
  static final Duration SHORT_RESYNC = Duration.ofSeconds(10);

  static final Duration DEFAULT_RESYNC = Duration.ofMinutes(5);

  /** What one run measured. */
  record Figures(
      String operator,
      int size,
      long clusters,
      Duration converge,
      Duration limit,
      String limitFormula,
      Map<String, Long> callsByOperation,
      long throttled,
      long getRoleCalls,
      double rssMib,
      double heapMib,
      Duration cpu,
      double restartCallsPerResource,
      double steadyCallsPerResourcePerHour,
      Duration driftCorrected,
      Duration deleteAll,
      Duration deleteLimit,
      long roleDeletions,
      boolean roleGone) {

    long convergeCalls() {
      return callsByOperation.values().stream().mapToLong(Long::longValue).sum();
    }

    double callsPerResource() {
      return (double) convergeCalls() / size;
    }
  }

  private final Path work;
  private final AwsProfile profile;
  private final List<String> jvm;
  private final boolean steadyState;

  /**
   * @param steadyState whether to measure the steady state and a drift correction between
   *     converging and deleting (false: correctness only, as the small version in make test)
   */
  ScaleRun(Path work, AwsProfile profile, List<String> jvm, boolean steadyState) {
    this.work = work;
    this.profile = profile;
    this.jvm = jvm;
    this.steadyState = steadyState;
  }

  Figures run(Operator operator, int size) {
    Path dir = work.resolve(operator.label() + "-" + size);
    try (ControlPlane plane = ControlPlane.start(dir);
        AwsEmulator aws = AwsEmulator.builder().behaviour(profile.behaviour()).start()) {
      plane.installCrd();
      aws.attachPolicy(Operator.ACCESS_KEY, IamPolicies.shipped("aws"));
      profile.applyTo(aws);
      Workload workload = Workload.of(size, Workload.createNamespaces(plane.client()));
      workload.createClusters(aws);
      try (ReadyTracker tracker = new ReadyTracker(plane.client())) {
        return measure(plane, aws, operator, workload, tracker, dir);
      }
    }
  }

  private Figures measure(
      ControlPlane plane,
      AwsEmulator aws,
      Operator operator,
      Workload workload,
      ReadyTracker tracker,
      Path dir) {
    int size = workload.size();
    Duration atMost = profile.drain("CreateCapacityProvider", size).multipliedBy(4).plusMinutes(5);

    // 1. Converge: apply N at once, until every one is Ready.
    OperatorProcess process =
        operator.start(
            plane.kubeconfig(), aws.endpoint(), DEFAULT_RESYNC, jvm, dir.resolve("operator.log"));
    process.awaitReady(Duration.ofSeconds(120));
    Instant applied = Instant.now();
    workload.apply(plane.client());
    Instant allReady = tracker.awaitReady(size, atMost);
    Duration converge = Duration.between(applied, allReady);
    Map<String, Long> calls = callsByOperation(aws.calls());
    long throttled = throttled(aws.calls());
    long getRole = aws.calls().count(Service.IAM, "GetRole");
    double rss = process.rssKib() / 1024.0;
    double heap = Operator.metric(process, "jvm_memory_used_bytes", "area=\"heap\"") / (1 << 20);
    Duration cpu = process.cpuTime();
    double restartCalls = Double.NaN;
    double perHour = Double.NaN;
    Duration driftCorrected = Duration.ZERO;
    if (steadyState) {
      process.terminate(Duration.ofSeconds(60));

      // 2. Steady state: a restart into a short resync; once every resource was reconciled after
      // it (the restart's cost), whole resyncs are counted over a measured window.
      aws.calls().clear();
      process =
          operator.start(
              plane.kubeconfig(), aws.endpoint(), SHORT_RESYNC, jvm, dir.resolve("steady.log"));
      process.awaitReady(Duration.ofSeconds(120));
      OperatorProcess steady = process;
      Awaitility.await("every resource reconciled after the restart")
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  Operator.metric(steady, "operator_sdk_reconciliations_started_total", "")
                      >= size);
      pause(SHORT_RESYNC); // let the restart's wave finish before the window opens
      restartCalls = (double) aws.calls().total() / size;
      aws.calls().clear();
      Instant windowStart = Instant.now();
      pause(SHORT_RESYNC.multipliedBy(6)); // the measured window: six resyncs
      double seconds = Duration.between(windowStart, Instant.now()).toMillis() / 1000.0;
      double perHourAtShort = aws.calls().total() / (double) size / seconds * 3600;
      perHour = perHourAtShort * SHORT_RESYNC.toMillis() / DEFAULT_RESYNC.toMillis();

      // 3. Drift: one provider changed behind the operator's back, until it is the spec again.
      Workload.Item drifted = workload.items().get(size / 2);
      Instant changed = Instant.now();
      aws.driftConfiguration(
          drifted.region(),
          drifted.name(),
          "{\"instanceLaunchTemplate\":{\"monitoring\":\"DETAILED\"}}");
      try {
        Awaitility.await("the drift corrected")
            .atMost(DRIFT_WINDOW)
            .pollInterval(Duration.ofMillis(50))
            .until(() -> monitoring(aws, drifted).equals("BASIC"));
        driftCorrected = Duration.between(changed, Instant.now());
      } catch (ConditionTimeoutException notWithinTheWindow) {
        driftCorrected = null; // a figure of its own: "> 600 s" (the naive one at N=1000)
      }
    }

    // 4. Delete everything; the last one out deletes the service-linked role.
    aws.calls().clear();
    Instant deleting = Instant.now();
    workload.delete(plane.client());
    tracker.awaitGone(size, atMost);
    boolean roleGone;
    try {
      Awaitility.await("the service-linked role deleted")
          .atMost(Duration.ofMinutes(2))
          .until(() -> aws.role().isEmpty());
      roleGone = true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      roleGone = false;
    }
    Duration deleteAll = Duration.between(deleting, Instant.now());
    long roleDeletions = aws.calls().count(Service.IAM, "DeleteServiceLinkedRole", CallLog.SUCCESS);
    process.terminate(Duration.ofSeconds(60));

    return new Figures(
        operator.label(),
        size,
        workload.clusters(),
        converge,
        limit(workload, "CreateCapacityProvider", profile.behaviour().createDelay()),
        "max over regions (creates in region - burst) / refill + PROVISIONING->ACTIVE",
        calls,
        throttled,
        getRole,
        rss,
        heap,
        cpu,
        restartCalls,
        perHour,
        driftCorrected,
        deleteAll,
        limit(workload, "DeleteCapacityProvider", profile.behaviour().deleteDelay()),
        roleDeletions,
        roleGone);
  }

  /** The least time N calls of {@code operation} and the final transition can take. */
  private Duration limit(Workload workload, String operation, Duration transition) {
    Duration slowest = Duration.ZERO;
    for (String region : Workload.REGIONS) {
      Duration d = profile.drain(operation, workload.inRegion(region));
      slowest = d.compareTo(slowest) > 0 ? d : slowest;
    }
    return slowest.plus(transition);
  }

  /** A measured period (a benchmark's window, not a test waiting for a condition). */
  private static void pause(Duration period) {
    try {
      Thread.sleep(period.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String monitoring(AwsEmulator aws, Workload.Item item) {
    return aws.provider(item.region(), item.name())
        .orElseThrow()
        .managedInstancesProvider()
        .path("instanceLaunchTemplate")
        .path("monitoring")
        .asText();
  }

  static Map<String, Long> callsByOperation(CallLog log) {
    Map<String, Long> byOperation = new TreeMap<>();
    for (CallLog.Stats s : log.stats()) {
      byOperation.merge(s.operation(), s.count(), Long::sum);
    }
    return byOperation;
  }

  static long throttled(CallLog log) {
    return log.stats().stream()
        .filter(s -> s.outcome().startsWith("Throttling"))
        .mapToLong(CallLog.Stats::count)
        .sum();
  }

  static List<String> regions() {
    return Workload.REGIONS;
  }
}
