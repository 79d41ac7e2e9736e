package io.ecsmi.e2e.reliability;

import io.ecsmi.e2e.OperatorProcess;
import io.ecsmi.e2e.bench.Workload;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.awaitility.Awaitility;

/**
 * Scenario 4, API server trouble: the kube-apiserver restarted (SIGTERM, etcd kept) {@code
 * restarts} times in all at random points of a create, an update and a delete wave, under one
 * operator without leader election whose resync is too long to help. A spec changed the moment the
 * API server serves again, and every wave, converging within {@link #WAVE} shows that its watches
 * came back by themselves; the operator process lives through it all.
 */
final class ApiServerRestarts {

  /** So long that within the scenario only watches bring the operator events. */
  static final Duration RESYNC = Duration.ofMinutes(10);

  /** A wave converges well before a resync could have helped. */
  static final Duration WAVE = Duration.ofMinutes(2);

  /** The values of the tag {@code wave} that the changes after restarts set: 100, 101, ... */
  private static final int PROBES = 100;

  private ApiServerRestarts() {}

  /**
   * One restart: how long the API server did not serve, and from serving again to a spec change
   * made then Ready for its generation (the operator's watch back, the change reconciled).
   */
  private record Restart(Duration downtime, Duration reconciled) {}

  static Outcome run(Path dir, int size, int restarts, long seed) {
    Random random = new Random(seed);
    try (Stage stage = Stage.start(dir, seed)) {
      KubernetesClient client = stage.plane.client();
      Workload workload = Workload.of(size, Workload.createNamespaces(client), 19);
      Map<String, CapacityProviderState> others = stage.prepare(workload);
      OperatorProcess operator = stage.startOperator(RESYNC);
      Waves.Halves halves = Waves.Halves.of(workload);
      List<Restart> done = new ArrayList<>();
      List<String> violations = new ArrayList<>();

      Waves.play(
          client,
          workload,
          halves,
          restarts,
          WAVE,
          (times, live) -> restart(stage, random, times, live, done));

      Instant calm = Instant.now();
      Waves.Closing closing = Waves.close(stage, halves, others, calm, WAVE);
      violations.addAll(closing.violations());
      if (!operator.alive()) {
        violations.add("the operator exited with " + operator.awaitExit(Duration.ZERO));
      }
      return new Outcome(
              "4 API server restarts (N=" + size + ")",
              3L * size + done.size(),
              done.size(),
              0,
              closing.convergence(),
              violations)
          .withFigures(
              "downtime per restart "
                  + Outcome.spread(done.stream().map(Restart::downtime).toList()),
              "serving again to a change made then reconciled (the operator's watch back) "
                  + Outcome.spread(done.stream().map(Restart::reconciled).toList()));
    }
  }

  /**
   * Restarts the API server {@code times} times, each at a random point of the operator's work on a
   * wave, and changes the spec of one of the {@code live} resources the moment it serves again:
   * only a watch that came back brings the operator that change. The operator must live through the
   * restarts: it is the same process throughout, never started again.
   */
  private static void restart(
      Stage stage, Random random, int times, List<Workload.Item> live, List<Restart> done) {
    KubernetesClient client = stage.plane.client();
    for (int i = 0; i < times; i++) {
      Waves.awaitRandomPoint(stage.aws, random);
      Duration downtime = stage.plane.restartApiServer();
      Instant serving = Instant.now();
      Workload.Item probe = live.get(done.size() % live.size());
      Waves.update(client, List.of(probe), PROBES + done.size());
      Awaitility.await(probe.key() + "'s change after the restart reconciled")
          .atMost(WAVE)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                requireAlive(stage.operator());
                return Waves.converged(client, List.of(probe), List.of());
              });
      done.add(new Restart(downtime, Duration.between(serving, Instant.now())));
    }
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
}
