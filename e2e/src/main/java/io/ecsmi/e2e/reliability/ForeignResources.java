package io.ecsmi.e2e.reliability;

import io.ecsmi.e2e.bench.Workload;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.ecs.model.EcsException;

/**
 * Scenario 6, foreign resources: a tenth of the resources are named like providers someone else
 * created before the operator started, another tenth like providers someone else creates while the
 * operator creates its own (a race for the name), and a few of the operator's providers are changed
 * behind its back. A name someone else holds is never taken over: its resource is Stalled
 * (AlreadyExists), and deleting it leaves their provider alone; a race is won by one side only; the
 * changes to the operator's own providers are undone.
 */
final class ForeignResources {

  private ForeignResources() {}

  static Outcome run(Path dir, int size) {
    try (Stage stage = Stage.start(dir, 6)) {
      KubernetesClient client = stage.plane.client();
      // 17 per cluster: room for someone else's provider and for the names they take.
      Workload workload = Workload.of(size, Workload.createNamespaces(client), 17);
      Map<String, CapacityProviderState> others = new LinkedHashMap<>(stage.prepare(workload));
      List<Workload.Item> all = workload.items();
      int tenth = Math.max(1, size / 10);
      List<Workload.Item> taken = all.subList(0, tenth);
      List<Workload.Item> raced = all.subList(tenth, 2 * tenth);
      List<Workload.Item> free = all.subList(2 * tenth, size);
      taken.forEach(i -> stage.createOthers(i.region(), i.cluster(), i.name()));
      stage.startOperator();
      Duration atMost = Duration.ofMinutes(5);

      CompletableFuture<Void> racing =
          CompletableFuture.runAsync(
              () ->
                  Workload.inParallel(
                      raced,
                      i -> {
                        try {
                          stage.createOthers(i.region(), i.cluster(), i.name());
                        } catch (EcsException lostTheRace) {
                          // the operator's create came first: theirs fails, as it would in AWS
                        }
                      }));
      workload.apply(client);
      racing.join();

      // Each raced name went to one side: the resource Ready, or Stalled with theirs untouched.
      Awaitility.await("free resources Ready, taken and lost ones Stalled")
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  Waves.converged(client, free, List.of())
                      && taken.stream().allMatch(i -> stalled(client, i))
                      && raced.stream().allMatch(i -> ready(client, i) || stalled(client, i)));
      List<Workload.Item> lost = raced.stream().filter(i -> stalled(client, i)).toList();
      List<Workload.Item> ours = new ArrayList<>(free);
      raced.stream().filter(i -> !lost.contains(i)).forEach(ours::add);
      Awaitility.await("their providers ACTIVE")
          .atMost(atMost)
          .until(
              () ->
                  ownedByOthers(stage, taken, lost).stream()
                      .allMatch(i -> status(stage, i).equals("ACTIVE")));
      ownedByOthers(stage, taken, lost)
          .forEach(
              i ->
                  others.put(
                      i.region() + "/" + i.name(),
                      stage.aws.provider(i.region(), i.name()).orElseThrow()));

      // Changes behind the operator's back to a few of its own providers.
      List<Workload.Item> drifted = free.subList(0, Math.min(5, free.size()));
      Instant changed = Instant.now();
      drifted.forEach(
          i ->
              stage.aws.driftConfiguration(
                  i.region(),
                  i.name(),
                  "{\"instanceLaunchTemplate\":{\"monitoring\":\"DETAILED\"}}"));
      Awaitility.await("the changes undone")
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> drifted.stream().allMatch(i -> monitoring(stage, i).equals("BASIC")));
      Waves.awaitConverged(client, ours, List.of(), atMost); // ECS finished the updates
      Duration convergence = Duration.between(changed, Instant.now());

      List<String> violations =
          new ArrayList<>(
              Invariants.check(
                  client,
                  stage.aws,
                  new Invariants.Expected(ours, List.of(), others, ours.size(), 0)));
      taken.stream()
          .filter(i -> !stalled(client, i))
          .forEach(i -> violations.add(i.key() + " took over a name someone else holds"));

      workload.delete(client);
      Waves.awaitConverged(client, List.of(), all, atMost);
      Waves.awaitRoleSettled(stage.aws, atMost);
      violations.addAll(
          Invariants.check(
              client, stage.aws, new Invariants.Expected(List.of(), all, others, ours.size(), 1)));
      return new Outcome(
          "6 foreign resources (N="
              + size
              + ", "
              + lost.size()
              + " of "
              + raced.size()
              + " races lost)",
          2L * size + drifted.size(),
          taken.size() + raced.size() + drifted.size(),
          0,
          convergence,
          violations);
    }
  }

  private static List<Workload.Item> ownedByOthers(
      Stage stage, List<Workload.Item> taken, List<Workload.Item> lost) {
    List<Workload.Item> theirs = new ArrayList<>(taken);
    theirs.addAll(lost);
    return theirs;
  }

  private static boolean stalled(KubernetesClient client, Workload.Item item) {
    CapacityProvider cp = Waves.get(client, item);
    return cp != null
        && OperatorHarness.hasCondition(cp, "Stalled", "True")
        && OperatorHarness.condition(cp, "Stalled").reason().equals("AlreadyExists");
  }

  private static boolean ready(KubernetesClient client, Workload.Item item) {
    CapacityProvider cp = Waves.get(client, item);
    return cp != null && OperatorHarness.readyForItsGeneration(cp);
  }

  private static String status(Stage stage, Workload.Item item) {
    return stage.aws.provider(item.region(), item.name()).map(p -> p.status()).orElse("absent");
  }

  private static String monitoring(Stage stage, Workload.Item item) {
    return stage
        .aws
        .provider(item.region(), item.name())
        .orElseThrow()
        .managedInstancesProvider()
        .path("instanceLaunchTemplate")
        .path("monitoring")
        .asText();
  }
}
