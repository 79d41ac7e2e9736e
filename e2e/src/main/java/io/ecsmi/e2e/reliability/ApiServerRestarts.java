package io.ecsmi.e2e.reliability;

import io.ecsmi.e2e.OperatorProcess;
import io.ecsmi.e2e.bench.Workload;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * Scenario 4, API server trouble: the kube-apiserver restarted (SIGTERM, etcd kept) {@code
 * restarts} times in all at random points of a create, an update and a delete wave, under one
 * operator without leader election whose resync is too long to help. Every wave converging within
 * {@link #WAVE} shows that its watches came back by themselves, and the operator process lives
 * through it all.
 */
final class ApiServerRestarts {

  /** So long that within the scenario only watches bring the operator events. */
  static final Duration RESYNC = Duration.ofMinutes(10);

  /** A wave converges well before a resync could have helped. */
  static final Duration WAVE = Duration.ofMinutes(2);

  private ApiServerRestarts() {}

  /**
   * One restart: how long the API server did not serve, and from serving again to the operator's
   * next write of a resource (or to the wave converged, if it had nothing more to write).
   */
  private record Restart(Duration downtime, Duration nextWrite) {}

  static Outcome run(Path dir, int size, int restarts, long seed) {
    Random random = new Random(seed);
    try (Stage stage = Stage.start(dir, seed)) {
      KubernetesClient client = stage.plane.client();
      Workload workload = Workload.of(size, Workload.createNamespaces(client), 19);
      Map<String, CapacityProviderState> others = stage.prepare(workload);
      OperatorProcess operator = stage.startOperator(RESYNC);
      List<Workload.Item> all = workload.items();
      List<Workload.Item> kept = all.subList(0, size / 2);
      List<Workload.Item> gone = new ArrayList<>(all.subList(size / 2, size));
      int perWave = (restarts + 2) / 3;
      List<Restart> done = new ArrayList<>();
      List<String> violations = new ArrayList<>();

      workload.apply(client);
      restart(stage, random, Math.min(perWave, restarts), all, List.of(), done);
      Waves.awaitConverged(client, all, List.of(), WAVE);
      Waves.update(client, all, 2);
      restart(stage, random, Math.min(perWave, restarts - done.size()), all, List.of(), done);
      Waves.awaitConverged(client, all, List.of(), WAVE);
      Workload.delete(client, gone);
      restart(stage, random, restarts - done.size(), kept, gone, done);

      Instant calm = Instant.now();
      Waves.Closing closing = Waves.close(stage, all, kept, gone, others, calm, WAVE);
      violations.addAll(closing.violations());
      if (!operator.alive()) {
        violations.add("the operator exited with " + operator.awaitExit(Duration.ZERO));
      }
      return new Outcome(
              "4 API server restarts (N=" + size + ")",
              3L * size,
              done.size(),
              0,
              closing.convergence(),
              violations)
          .withFigures(
              "downtime per restart "
                  + Outcome.spread(done.stream().map(Restart::downtime).toList()),
              "API server serving again to the operator's next write (or the wave converged) "
                  + Outcome.spread(done.stream().map(Restart::nextWrite).toList()));
    }
  }

  /**
   * Restarts the API server {@code times} times, each at a random point of the operator's work on a
   * wave that ends with {@code live} Ready and {@code deleted} gone; measures each. The operator
   * must live through them: it is the same process throughout, never started again.
   */
  private static void restart(
      Stage stage,
      Random random,
      int times,
      Collection<Workload.Item> live,
      Collection<Workload.Item> deleted,
      List<Restart> done) {
    KubernetesClient client = stage.plane.client();
    for (int i = 0; i < times; i++) {
      Waves.awaitRandomPoint(stage.aws, random);
      Map<String, String> before = versions(client);
      Duration downtime = stage.plane.restartApiServer();
      Instant serving = Instant.now();
      Awaitility.await("the operator's next write, or the wave converged")
          .atMost(WAVE)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                requireAlive(stage.operator());
                return written(client, before, live, deleted);
              });
      done.add(new Restart(downtime, Duration.between(serving, Instant.now())));
    }
  }

  private static boolean written(
      KubernetesClient client,
      Map<String, String> before,
      Collection<Workload.Item> live,
      Collection<Workload.Item> deleted) {
    return !versions(client).equals(before) || Waves.converged(client, live, deleted);
  }

  private static void requireAlive(OperatorProcess operator) {
    if (!operator.alive()) {
      throw new IllegalStateException(
          "the operator exited with "
              + operator.awaitExit(Duration.ZERO)
              + " when the API server restarted; its log: "
              + operator.log());
    }
  }

  /** Every resource's resourceVersion, by namespace/name: any write changes it. */
  private static Map<String, String> versions(KubernetesClient client) {
    return client.resources(CapacityProvider.class).inAnyNamespace().list().getItems().stream()
        .collect(
            Collectors.toMap(
                cp -> cp.getMetadata().getNamespace() + "/" + cp.getMetadata().getName(),
                cp -> cp.getMetadata().getResourceVersion()));
  }
}
