package io.ecsmi.e2e.reliability;

import io.ecsmi.e2e.bench.Workload;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Scenario 8, the role behind the operator's back: the service-linked role deleted (as ECS does
 * after its last provider, or an administrator) while N resources use it. Every resource's {@code
 * ServiceLinkedRoleReady} must say so within one resync, IAM must be asked once per resync for the
 * account (not once per resource), and the role must be back before a new resource needs it.
 */
final class RoleBehindItsBack {

  private RoleBehindItsBack() {}

  static Outcome run(Path dir, int size) {
    try (Stage stage = Stage.start(dir, 8)) {
      KubernetesClient client = stage.plane.client();
      Workload workload = Workload.of(size, Workload.createNamespaces(client), 19);
      Map<String, CapacityProviderState> others = stage.prepare(workload);
      stage.startOperator();
      Duration atMost = Duration.ofMinutes(5);
      List<String> violations = new ArrayList<>();
      List<Workload.Item> all = workload.items();
      List<Workload.Item> first = all.subList(0, size - Math.max(1, size / 10));
      List<Workload.Item> later = all.subList(first.size(), size);
      Workload.inParallel(first, i -> client.resource(Workload.resource(i)).create());
      Waves.awaitConverged(client, first, List.of(), atMost);

      Map<String, Instant> saidSo = new ConcurrentHashMap<>();
      Instant removed;
      Instant back;
      long getRoles;
      Watch watch = watchRoleCondition(client, saidSo);
      try {
        Instant steady = Instant.now();
        long getRolesBefore = getRoles(stage);
        saidSo.clear();
        removed = Instant.now();
        stage.aws.removeRole();
        Awaitility.await("the role created again")
            .atMost(Stage.RESYNC.multipliedBy(3))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> stage.aws.role().isPresent());
        back = Instant.now();
        try {
          Awaitility.await("every resource's ServiceLinkedRoleReady said the role was gone")
              .atMost(Stage.RESYNC.plusSeconds(10))
              .pollInterval(Duration.ofMillis(100))
              .until(() -> first.stream().allMatch(i -> saidSo.containsKey(i.key())));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          violations.add(
              (first.size() - first.stream().filter(i -> saidSo.containsKey(i.key())).count())
                  + " of "
                  + first.size()
                  + " resources never said the role was gone within a resync and 10 s");
        }
        Waves.awaitConverged(client, first, List.of(), atMost);
        Awaitility.await("every resource's ServiceLinkedRoleReady True again")
            .atMost(atMost)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> first.stream().allMatch(i -> roleReady(client, i)));
        // Two more resyncs at rest: the drift scan's GetRole is once per resync, not per resource.
        Instant quietFrom = Instant.now();
        Awaitility.await("two resyncs at rest")
            .atMost(Stage.RESYNC.multipliedBy(2).plusSeconds(5))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> Instant.now().isAfter(quietFrom.plus(Stage.RESYNC.multipliedBy(2))));
        getRoles = getRoles(stage) - getRolesBefore;
        long resyncs = Duration.between(steady, Instant.now()).dividedBy(Stage.RESYNC) + 1;
        // Besides one a resync: the role's creation is followed by looks until IAM shows it
        // (1 s, doubling); a handful, whatever N is.
        long allowed = resyncs + 6;
        if (getRoles > allowed) {
          violations.add(
              getRoles
                  + " GetRole calls over "
                  + resyncs
                  + " resyncs for "
                  + first.size()
                  + " resources; at most "
                  + allowed);
        }
      } finally {
        watch.close();
      }
      Duration slowest =
          saidSo.values().stream()
              .map(at -> Duration.between(removed, at))
              .max(Duration::compareTo)
              .orElse(Duration.ZERO);
      if (slowest.compareTo(Stage.RESYNC.plusSeconds(5)) > 0) {
        violations.add(
            "a resource said the role was gone " + slowest.toMillis() + " ms after, over a resync");
      }

      // A resource created now needs the role: it is there, so its create is never refused.
      long refusedBefore = roleRefusals(stage);
      Instant laterApplied = Instant.now();
      Workload.inParallel(later, i -> client.resource(Workload.resource(i)).create());
      Instant laterReady = Waves.awaitConverged(client, later, List.of(), atMost);
      if (roleRefusals(stage) > refusedBefore) {
        violations.add(
            (roleRefusals(stage) - refusedBefore)
                + " creates refused by ECS for want of the role after it was back");
      }

      Waves.Closing closing =
          Waves.close(stage, new Waves.Halves(all, all, List.of()), others, removed, atMost);
      violations.addAll(closing.violations());
      List<Duration> said =
          saidSo.values().stream().map(at -> Duration.between(removed, at)).sorted().toList();
      return new Outcome(
              "8 the role behind the operator's back (N=" + size + ")",
              2L * size + 1,
              1,
              0,
              Duration.between(removed, back),
              violations)
          .withFigures(
              String.format(
                  "role deleted -> created again %.1f s (resync %d s); every resource's"
                      + " ServiceLinkedRoleReady False by %.1f s (p50 %.1f s)",
                  Duration.between(removed, back).toMillis() / 1000.0,
                  Stage.RESYNC.toSeconds(),
                  slowest.toMillis() / 1000.0,
                  said.isEmpty() ? 0 : said.get(said.size() / 2).toMillis() / 1000.0),
              String.format(
                  "%d GetRole calls from the deletion to two resyncs after, for %d resources",
                  getRoles, first.size()),
              String.format(
                  "%d resources created after the role was back: Ready in %.1f s, no create"
                      + " refused for the role",
                  later.size(), Duration.between(laterApplied, laterReady).toMillis() / 1000.0));
    }
  }

  /** Records, per resource, when its ServiceLinkedRoleReady was first seen other than True. */
  private static Watch watchRoleCondition(KubernetesClient client, Map<String, Instant> saidSo) {
    return client
        .resources(CapacityProvider.class)
        .inAnyNamespace()
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, CapacityProvider cp) {
                var role = OperatorHarness.condition(cp, "ServiceLinkedRoleReady");
                if (role != null && !"True".equals(role.status())) {
                  saidSo.putIfAbsent(
                      cp.getMetadata().getNamespace() + "/" + cp.getMetadata().getName(),
                      Instant.now());
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  private static boolean roleReady(KubernetesClient client, Workload.Item item) {
    CapacityProvider cp = Waves.get(client, item);
    var role = cp == null ? null : OperatorHarness.condition(cp, "ServiceLinkedRoleReady");
    return role != null && "True".equals(role.status());
  }

  private static long getRoles(Stage stage) {
    return stage.aws.calls().count(Service.IAM, "GetRole");
  }

  /** Creates ECS refused because the service-linked role was not there. */
  private static long roleRefusals(Stage stage) {
    return Stream.of("InvalidParameterException", "ClientException")
        .mapToLong(code -> stage.aws.calls().count(Service.ECS, "CreateCapacityProvider", code))
        .sum();
  }
}
