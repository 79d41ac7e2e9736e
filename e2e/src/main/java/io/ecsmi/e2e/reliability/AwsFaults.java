package io.ecsmi.e2e.reliability;

import io.ecsmi.e2e.bench.Workload;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.ecsmi.emulator.faults.Chaos;
import io.ecsmi.emulator.faults.Faults;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Scenario 1, AWS faults: N resources created, updated and half of them deleted while ECS and IAM
 * throttle 10% of calls, fail 5% with a 5xx, drop 1% of connections (half before the service sees
 * the call, half after it carried it out) and answer 2% of calls in 0.5-2 s; then the faults stop,
 * and the rest is deleted.
 */
final class AwsFaults {

  static final Chaos CHAOS = new Chaos(0.10, 0.05, 0.005, 0.005);

  private AwsFaults() {}

  static Outcome run(Path dir, int size) {
    try (Stage stage = Stage.start(dir, 1)) {
      KubernetesClient client = stage.plane.client();
      Workload workload = Workload.of(size, Workload.createNamespaces(client), 19);
      Map<String, CapacityProviderState> others = stage.prepare(workload);
      stage.startOperator();
      for (Service service : Service.values()) {
        stage
            .aws
            .faults()
            .latency(service, Faults.ANY, Duration.ofMillis(20), Duration.ofMillis(60));
        stage
            .aws
            .faults()
            .latencySpikes(service, 0.02, Duration.ofMillis(500), Duration.ofSeconds(2));
        stage.aws.faults().chaos(service, Faults.ANY, CHAOS);
      }
      Duration atMost = Duration.ofMinutes(10);
      Waves.Halves halves = Waves.Halves.of(workload);

      // AWS's faults strike throughout, none in particular between the waves.
      Waves.play(client, workload, halves, 0, atMost, (times, live) -> {});

      stage.aws.faults().clear();
      Instant calm = Instant.now();
      long faults = Waves.injected(stage.aws);
      Waves.Closing closing = Waves.close(stage, halves, others, calm, atMost);
      return new Outcome(
          "1 AWS faults (N=" + size + ")",
          3L * size,
          faults,
          0,
          closing.convergence(),
          closing.violations());
    }
  }
}
