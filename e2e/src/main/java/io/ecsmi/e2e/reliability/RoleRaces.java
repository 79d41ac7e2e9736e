package io.ecsmi.e2e.reliability;

import io.ecsmi.e2e.bench.Workload;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;

/**
 * Scenario 5, races on the service-linked role: (a) N resources deleted at once, the last one out
 * deletes the role once; (b) resources created while the role is being deleted; (c) the role
 * deleted behind the operator's back while resources use it; (d) the operator's last provider goes
 * while someone else's still uses the role.
 */
final class RoleRaces {

  private RoleRaces() {}

  static Outcome run(Path dir, int size) {
    try (Stage stage = Stage.start(dir, 5)) {
      KubernetesClient client = stage.plane.client();
      List<String> namespaces = Workload.createNamespaces(client);
      Workload first = Workload.of(size, namespaces, 20);
      first.createClusters(stage.aws);
      stage.startOperator();
      Duration atMost = Duration.ofMinutes(5);
      List<String> violations = new ArrayList<>();

      // (a) all at once, then all gone at once: one DeleteServiceLinkedRole.
      first.apply(client);
      Waves.awaitConverged(client, first.items(), List.of(), atMost);
      first.delete(client);
      Waves.awaitConverged(client, List.of(), first.items(), atMost);
      Waves.awaitRoleSettled(stage.aws, atMost);
      violations.addAll(check(stage, List.of(), first.items(), Map.of(), size, 1));

      // (b) created again, deleted, and new ones created the moment the role's deletion goes out.
      List<Workload.Item> again = renamed(first, "b");
      Workload.inParallel(again, i -> client.resource(Workload.resource(i)).create());
      Waves.awaitConverged(client, again, List.of(), atMost);
      long deletions = roleDeletions(stage);
      Workload.delete(client, again);
      Awaitility.await("the role's deletion sent")
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(10))
          .until(() -> roleDeletions(stage) > deletions);
      List<Workload.Item> during = renamed(first, "c").subList(0, Math.max(1, size / 5));
      Workload.inParallel(during, i -> client.resource(Workload.resource(i)).create());
      List<Workload.Item> goneSoFar =
          Stream.concat(first.items().stream(), again.stream()).toList();
      Waves.awaitConverged(client, during, goneSoFar, atMost);
      Waves.awaitRoleSettled(stage.aws, atMost);
      long creates = 2L * size + during.size();
      violations.addAll(check(stage, during, goneSoFar, Map.of(), creates, 2));

      // (c) the role deleted behind the operator's back (as an administrator or ECS may).
      Instant removed = Instant.now();
      stage.aws.removeRole();
      Waves.awaitRoleSettled(stage.aws, atMost);
      Waves.awaitConverged(client, during, goneSoFar, atMost);
      Duration roleBack = Duration.between(removed, Instant.now());

      // (d) someone else's provider uses the role when the operator's last one goes.
      Workload.Item one = during.get(0);
      // (IAM shows a role created again to ECS a moment later: they retry, as anyone would.)
      Awaitility.await("someone else's provider created")
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(500))
          .ignoreException(InvalidParameterException.class)
          .until(
              () -> {
                stage.createOthers(one.region(), one.cluster(), "others-in-use");
                return true;
              });
      Awaitility.await("someone else's provider ACTIVE")
          .atMost(atMost)
          .until(
              () ->
                  stage
                      .aws
                      .provider(one.region(), "others-in-use")
                      .map(p -> p.status().equals("ACTIVE"))
                      .orElse(false));
      Map<String, CapacityProviderState> others =
          Map.of(
              one.region() + "/others-in-use",
              stage.aws.provider(one.region(), "others-in-use").orElseThrow());
      Workload.delete(client, during);
      List<Workload.Item> allGone = Stream.concat(goneSoFar.stream(), during.stream()).toList();
      Waves.awaitConverged(client, List.of(), allGone, atMost);
      Waves.awaitRoleSettled(stage.aws, atMost);
      violations.addAll(check(stage, List.of(), allGone, others, creates, 3));

      long operations = 2L * size + 2L * size + 2L * during.size() + 1;
      return new Outcome(
          "5 races on the role (N=" + size + ")", operations, 1, 0, roleBack, violations);
    }
  }

  private static List<String> check(
      Stage stage,
      List<Workload.Item> live,
      List<Workload.Item> deleted,
      Map<String, CapacityProviderState> others,
      long creates,
      long lastOneOut) {
    return Invariants.check(
        stage.plane.client(),
        stage.aws,
        new Invariants.Expected(live, deleted, others, creates, lastOneOut));
  }

  private static long roleDeletions(Stage stage) {
    return Waves.answered(stage.aws, Service.IAM, "DeleteServiceLinkedRole");
  }

  /** The workload's items under new names (a new generation of resources in the same places). */
  private static List<Workload.Item> renamed(Workload workload, String prefix) {
    return workload.items().stream()
        .map(
            i -> new Workload.Item(i.namespace(), prefix + "-" + i.name(), i.region(), i.cluster()))
        .toList();
  }
}
