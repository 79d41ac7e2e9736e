package io.ecsmi.e2e.reliability;

import io.ecsmi.e2e.bench.Workload;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * Scenario 2, operator crashes: the operator killed with SIGKILL at random points of a create, an
 * update and a delete wave ({@code kills} times in all), and started again each time.
 */
final class Crashes {

  private Crashes() {}

  static Outcome run(Path dir, int size, int kills, long seed) {
    Random random = new Random(seed);
    try (Stage stage = Stage.start(dir, seed)) {
      KubernetesClient client = stage.plane.client();
      Workload workload = Workload.of(size, Workload.createNamespaces(client), 19);
      Map<String, CapacityProviderState> others = stage.prepare(workload);
      stage.startOperator();
      Duration atMost = Duration.ofMinutes(5);
      Waves.Halves halves = Waves.Halves.of(workload);

      Waves.play(
          client, workload, halves, kills, atMost, (times, live) -> crash(stage, random, times));

      Instant calm = Instant.now();
      Waves.Closing closing = Waves.close(stage, halves, others, calm, atMost);
      return new Outcome(
          "2 operator crashes (N=" + size + ")",
          3L * size,
          0,
          kills,
          closing.convergence(),
          closing.violations());
    }
  }

  /**
   * Kills the operator {@code times} times, each at a random point of its work: after 1-40 more AWS
   * calls (or 3 s, when the wave has no more to do); starts it again each time.
   */
  private static void crash(Stage stage, Random random, int times) {
    for (int i = 0; i < times; i++) {
      Waves.awaitRandomPoint(stage.aws, random);
      stage.operator().kill();
      stage.startOperator();
    }
  }
}
