package io.ecsmi.e2e.reliability;

import io.ecsmi.e2e.OperatorProcess;
import io.ecsmi.e2e.bench.Workload;
import io.ecsmi.emulator.CallLog;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.ecsmi.operator.testing.Namespaces;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.awaitility.Awaitility;

/**
 * Scenario 3, failover: two replicas with leader election through a create, an update and a delete
 * wave; the leader killed {@code kills} times in all, by SIGTERM (as Kubernetes stops a pod) and
 * SIGKILL (a crash) in turn, and started again each time as the standby. Every replica process
 * signs its AWS calls with an access key of its own, so the emulator's call log says who called
 * when: the killed leader's last call comes before the new leader's first, and a standby calls
 * nothing until it leads.
 */
final class Failover {

  static final Duration LEASE = Duration.ofSeconds(6);

  /**
   * The slowest acceptable handover: the Lease's expiry and 10 s after a crash, 5 s after SIGTERM.
   */
  private static final Duration AFTER_SIGKILL = LEASE.plusSeconds(10);

  private static final Duration AFTER_SIGTERM = Duration.ofSeconds(5);

  private Failover() {}

  /** One replica's process: its name (identity), the access key it signs with, the process. */
  private record Replica(String name, String key, OperatorProcess process) {}

  /** One kill of the leader: from the signal to the other holding the Lease, to its first call. */
  private record Handover(boolean sigterm, Duration leaseTaken, Duration firstCall) {}

  static Outcome run(Path dir, int size, int kills, long seed) {
    Random random = new Random(seed);
    try (Stage stage = Stage.start(dir, seed)) {
      KubernetesClient client = stage.plane.client();
      Workload workload = Workload.of(size, Workload.createNamespaces(client), 19);
      Map<String, CapacityProviderState> others = stage.prepare(workload);
      Pair pair = Pair.start(stage, Namespaces.create(client, "leases"));
      Duration atMost = Duration.ofMinutes(5);
      Waves.Halves halves = Waves.Halves.of(workload);
      List<Handover> handovers = new ArrayList<>();
      List<String> violations = new ArrayList<>();

      Waves.play(
          client,
          workload,
          halves,
          kills,
          atMost,
          (times, live) -> killLeaders(pair, random, times, handovers, violations));

      Instant calm = Instant.now();
      Waves.Closing closing = Waves.close(stage, halves, others, calm, atMost);
      violations.addAll(closing.violations());
      if (!calls(stage, pair.standby().key()).isEmpty()) {
        violations.add("the standby " + pair.standby().name() + " made AWS calls");
      }
      return new Outcome(
              "3 failover (N=" + size + ")",
              3L * size,
              0,
              handovers.size(),
              closing.convergence(),
              violations)
          .withFigures(
              figure("SIGTERM", handovers.stream().filter(Handover::sigterm).toList()),
              figure("SIGKILL", handovers.stream().filter(h -> !h.sigterm()).toList()));
    }
  }

  /**
   * Kills the leader {@code times} times at random points of its work, SIGTERM and SIGKILL in turn;
   * after each, measures the handover, checks that the two never called AWS at the same time, and
   * starts the killed replica again as the standby.
   */
  private static void killLeaders(
      Pair pair, Random random, int times, List<Handover> handovers, List<String> violations) {
    for (int i = 0; i < times; i++) {
      Waves.awaitRandomPoint(pair.stage.aws, random);
      Replica leader = pair.leader();
      Replica standby = pair.standby();
      boolean sigterm = handovers.size() % 2 == 0;
      Instant signalled = Instant.now();
      if (sigterm) {
        leader.process().terminate(Duration.ofSeconds(40));
      } else {
        leader.process().kill();
      }
      Instant dead = Instant.now();
      Instant taken = pair.awaitHolder(standby.name());
      Instant firstCall = awaitFirstCall(pair.stage, standby);
      Handover handover =
          new Handover(
              sigterm, Duration.between(signalled, taken), Duration.between(signalled, firstCall));
      handovers.add(handover);
      violations.addAll(overlaps(pair.stage, leader, dead, standby, signalled));
      Duration bound = sigterm ? AFTER_SIGTERM : AFTER_SIGKILL;
      if (handover.leaseTaken().compareTo(bound) > 0) {
        violations.add(
            String.format(
                "%s of the leader: the Lease handed over in %.1f s (at most %d s)",
                sigterm ? "SIGTERM" : "SIGKILL",
                handover.leaseTaken().toMillis() / 1000.0,
                bound.toSeconds()));
      }
      pair.restart(leader);
    }
  }

  /**
   * Whether the killed leader and its successor called AWS at the same time: the dead one must call
   * nothing after its death, and nothing after the new leader's first call; the new leader, standby
   * until the signal, nothing before it.
   */
  private static List<String> overlaps(
      Stage stage, Replica killed, Instant dead, Replica successor, Instant signalled) {
    List<String> violations = new ArrayList<>();
    List<Instant> old = calls(stage, killed.key());
    List<Instant> now = calls(stage, successor.key());
    if (!old.isEmpty() && old.get(old.size() - 1).isAfter(dead)) {
      violations.add(killed.name() + " (" + killed.key() + ") called AWS after it was killed");
    }
    if (now.get(0).isBefore(signalled)) {
      violations.add(successor.name() + " called AWS as the standby, while the leader lived");
    } else if (!old.isEmpty() && !old.get(old.size() - 1).isBefore(now.get(0))) {
      violations.add(
          killed.name() + "'s last AWS call came after " + successor.name() + "'s first");
    }
    return violations;
  }

  /** Waits for the new leader's first AWS call and returns when it went out. */
  private static Instant awaitFirstCall(Stage stage, Replica leader) {
    return Awaitility.await(leader.name() + "'s first AWS call as the leader")
        .atMost(Stage.RESYNC.plusSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> calls(stage, leader.key()), c -> !c.isEmpty())
        .get(0);
  }

  /** When the calls signed with {@code key} went out (answered less their latency), in order. */
  private static List<Instant> calls(Stage stage, String key) {
    return stage.aws.calls().recent().stream()
        .filter(c -> key.equals(c.caller()))
        .map(Failover::sent)
        .sorted()
        .toList();
  }

  private static Instant sent(CallLog.Call call) {
    return call.at().minus(call.latency());
  }

  private static String figure(String signal, List<Handover> handovers) {
    if (handovers.isEmpty()) {
      return signal + ": no kill";
    }
    return String.format(
        "%s (%d kills): lease handed over %s; first AWS call %s",
        signal,
        handovers.size(),
        Outcome.spread(handovers.stream().map(Handover::leaseTaken).toList()),
        Outcome.spread(handovers.stream().map(Handover::firstCall).toList()));
  }

  /**
   * Two replicas, {@code replica-a} and {@code replica-b}, electing a leader with the Lease {@code
   * ecs-mi-operator} in {@code namespace}. Each start of a replica gets an access key of its own.
   */
  private static final class Pair {

    private final Stage stage;
    private final String namespace;
    private final Map<String, Replica> replicas = new LinkedHashMap<>();
    private int starts;

    private Pair(Stage stage, String namespace) {
      this.stage = stage;
      this.namespace = namespace;
    }

    /** Starts both replicas and waits until they are ready and one of them leads. */
    static Pair start(Stage stage, String namespace) {
      Pair pair = new Pair(stage, namespace);
      List<Replica> started = List.of(pair.start("replica-a"), pair.start("replica-b"));
      started.forEach(r -> r.process().awaitReady(Duration.ofSeconds(60)));
      Awaitility.await("a leader")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> pair.holder().isPresent());
      return pair;
    }

    Replica leader() {
      return replicas.get(holder().orElseThrow());
    }

    Replica standby() {
      String leader = holder().orElseThrow();
      return replicas.values().stream().filter(r -> !r.name().equals(leader)).findFirst().get();
    }

    /** Starts {@code replica} again (a new process, a new access key) and waits until ready. */
    void restart(Replica replica) {
      start(replica.name()).process().awaitReady(Duration.ofSeconds(60));
    }

    private Replica start(String name) {
      starts++;
      String key = "AKID" + name.replace("-", "").toUpperCase() + starts;
      List<String> flags =
          List.of(
              "--leader-election",
              "true",
              "--lease-namespace",
              namespace,
              "--lease-duration",
              LEASE.toSeconds() + "s");
      Replica replica = new Replica(name, key, stage.startReplica(name, key, flags));
      replicas.put(name, replica);
      return replica;
    }

    /**
     * Waits until {@code name} holds the Lease and returns when it took it (the Lease's acquire
     * time, which the new holder writes from its clock, this machine's).
     */
    Instant awaitHolder(String name) {
      Lease lease =
          Awaitility.await(name + " holds the Lease")
              .atMost(LEASE.plusSeconds(60))
              .pollInterval(Duration.ofMillis(50))
              .until(this::lease, l -> l != null && name.equals(holderOf(l).orElse(null)));
      return lease.getSpec().getAcquireTime() != null
          ? lease.getSpec().getAcquireTime().toInstant()
          : Instant.now();
    }

    private Optional<String> holder() {
      return holderOf(lease());
    }

    private static Optional<String> holderOf(Lease lease) {
      return Optional.ofNullable(lease)
          .map(Lease::getSpec)
          .map(LeaseSpec::getHolderIdentity)
          .filter(h -> !h.isEmpty());
    }

    private Lease lease() {
      return stage.plane.client().leases().inNamespace(namespace).withName("ecs-mi-operator").get();
    }
  }
}
