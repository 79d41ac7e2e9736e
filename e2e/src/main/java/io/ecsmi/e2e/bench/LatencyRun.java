package io.ecsmi.e2e.bench;

import io.ecsmi.e2e.ControlPlane;
import io.ecsmi.e2e.OperatorProcess;
import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.operator.testing.IamPolicies;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * The operator's own overhead: AWS answers at once and never throttles. Measures the process start
 * to its first reconcile (of a resource that existed before it started), then single resources
 * applied one after another, apply to Ready.
 */
final class LatencyRun {

  /** What one run measured. */
  record Figures(
      String operator, Duration firstReconcile, Duration p50, Duration p99, int samples) {}

  private static final Duration SPACING = Duration.ofMillis(1100);

  private final Path work;
  private final List<String> jvm;

  LatencyRun(Path work, List<String> jvm) {
    this.work = work;
    this.jvm = jvm;
  }

  Figures run(Operator operator, int samples) {
    Path dir = work.resolve(operator.label() + "-latency");
    AwsProfile profile = AwsProfile.instant();
    try (ControlPlane plane = ControlPlane.start(dir);
        AwsEmulator aws = AwsEmulator.builder().behaviour(profile.behaviour()).start()) {
      plane.installCrd();
      try (ReadyTracker tracker = new ReadyTracker(plane.client())) {
        return measure(plane, aws, tracker, operator, samples, dir);
      }
    }
  }

  private Figures measure(
      ControlPlane plane,
      AwsEmulator aws,
      ReadyTracker tracker,
      Operator operator,
      int samples,
      Path dir) {
    aws.attachPolicy(Operator.ACCESS_KEY, IamPolicies.shipped("aws"));
    aws.seedRole();
    String namespace = Workload.createNamespaces(plane.client()).get(0);
    Workload workload = Workload.of(samples + 1, List.of(namespace));
    workload.createClusters(aws);
    Workload.Item early = workload.items().get(0);
    plane.client().resource(Workload.resource(early)).create();

    OperatorProcess process =
        operator.start(
            plane.kubeconfig(),
            aws.endpoint(),
            ScaleRun.DEFAULT_RESYNC,
            jvm,
            dir.resolve("operator.log"));
    try {
      String earlyKey = early.namespace() + "/" + early.name();
      Awaitility.await("the first reconcile")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> tracker.statusAt(earlyKey) != null);
      Duration first = Duration.between(process.started(), tracker.statusAt(earlyKey));
      tracker.awaitReady(1, Duration.ofSeconds(60));

      List<Duration> latencies = new ArrayList<>();
      Instant previous = Instant.MIN;
      for (Workload.Item item : workload.items().subList(1, workload.items().size())) {
        // One at a time and over a second apart: ECS's capacity provider modify quota (1 per
        // second) never holds a single resource back, so only the operator's overhead remains.
        Instant notBefore = previous.plus(SPACING);
        Awaitility.await().pollDelay(Duration.ZERO).until(() -> !Instant.now().isBefore(notBefore));
        Instant applied = Instant.now();
        previous = applied;
        plane.client().resource(Workload.resource(item)).create();
        tracker.awaitReady(latencies.size() + 2, Duration.ofSeconds(60));
        latencies.add(
            Duration.between(applied, tracker.readyAt(item.namespace() + "/" + item.name())));
      }
      latencies.sort(Duration::compareTo);
      return new Figures(
          operator.label(),
          first,
          percentile(latencies, 0.50),
          percentile(latencies, 0.99),
          latencies.size());
    } finally {
      process.terminate(Duration.ofSeconds(60));
    }
  }

  /** The nearest-rank percentile of sorted values. */
  static Duration percentile(List<Duration> sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
