package io.ecsmi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.emulator.CallLog;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.iam.DeletionTask;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.LocalKubeApiServer;
import io.ecsmi.operator.testing.Namespaces;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the jar with leader election, stopped the way Kubernetes stops pods: the standby
 * stays idle through resyncs and lease renewals, SIGTERM hands over within two seconds, a crash
 * hands over when the Lease expires, and a crash in the middle of deleting the service-linked role
 * is finished by the new leader.
 */
@ExtendWith(KubeApiServerExtension.class)
class LeaderElectionIT {

  private static final Duration LEASE = Duration.ofSeconds(6);
  private static final Duration RESYNC = Duration.ofSeconds(2);

  @TempDir Path work;
  private ControlPlane plane;
  private AwsEmulator aws;
  private String namespace;
  private final List<OperatorProcess> replicas = new ArrayList<>();

  @BeforeEach
  void start(LocalKubeApiServer server) {
    plane = ControlPlane.on(server, work);
    plane.installCrd();
    aws = AwsEmulator.start();
    aws.createCluster("us-east-1", "prod");
    namespace = Namespaces.create(plane.client(), "ha");
  }

  @AfterEach
  void stop() {
    replicas.forEach(OperatorProcess::close);
    if (namespace != null) {
      // The operator counts every CapacityProvider in the cluster before deleting the role.
      Namespaces.forgetCapacityProviders(plane.client(), namespace);
    }
    if (aws != null) {
      aws.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void theStandbyStaysIdleThroughResyncsAndLeaseRenewals() {
    Pair pair = startPair();
    plane.createSample("minimal.yaml", namespace, "first");
    plane.awaitReady(namespace, "first", Duration.ofSeconds(60));

    long scansBefore = counter(pair.leader(), "ecsmi_drift_scans_total");
    Instant renewedBefore = renewTime();
    Awaitility.await("three resyncs and lease renewals over two lease durations")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                counter(pair.leader(), "ecsmi_drift_scans_total") >= scansBefore + 3
                    && renewTime().isAfter(renewedBefore.plus(LEASE.multipliedBy(2))));

    assertThat(aws.calls().countByCaller(pair.leaderKey())).isPositive();
    assertThat(aws.calls().countByCaller(pair.standbyKey()))
        .as("the standby makes no AWS call")
        .isZero();
    String standby = pair.standby().get("/metrics").body();
    String leader = pair.leader().get("/metrics").body();
    assertThat(standby).contains("ecsmi_leader 0.0").doesNotContain("ecsmi_resources{");
    assertThat(counter(pair.standby(), "ecsmi_drift_scans_total")).isZero();
    assertThat(leader).contains("ecsmi_leader 1.0").contains("ecsmi_resources{");
    assertThat(standby).containsPattern("(?m)^ecsmi_build_info\\{version=\"[^\"]+\"} 1(\\.0)?$");
    assertThat(pair.standby().get("/readyz").statusCode()).isEqualTo(200);
    assertThat(pair.standby().get("/healthz").body()).contains("standby");
  }

  @Test
  void sigtermHandsTheLeaseOverAtOnceAndLosesNoReconcile() {
    Pair pair = startPair();
    plane.createSample("minimal.yaml", namespace, "first");
    plane.awaitReady(namespace, "first", Duration.ofSeconds(60));

    plane.createSample("minimal.yaml", namespace, "just-before-sigterm");
    Instant sigterm = Instant.now();
    int exit = pair.leader().terminate(Duration.ofSeconds(40));
    Instant exited = Instant.now();
    Instant handedOver = awaitHolder(pair.standbyName(), Duration.ofSeconds(2));

    assertThat(exit).as("the JVM's exit code for SIGTERM").isEqualTo(143);
    assertThat(pair.leader().logText())
        .contains("released the Lease")
        .contains("shutdown complete");
    plane.awaitReady(namespace, "just-before-sigterm", Duration.ofSeconds(60));
    report(
        "SIGTERM to the leader (lease " + LEASE.toSeconds() + "s)",
        "SIGTERM to exit",
        Duration.between(sigterm, exited),
        "SIGTERM to the standby holding the Lease",
        Duration.between(sigterm, handedOver));
  }

  @Test
  void aCrashHandsOverWhenTheLeaseExpires() {
    Pair pair = startPair();
    plane.createSample("minimal.yaml", namespace, "first");
    plane.awaitReady(namespace, "first", Duration.ofSeconds(60));

    long beforeCrash = aws.calls().countByCaller(pair.leaderKey());
    Instant crash = Instant.now();
    pair.leader().kill();
    Instant handedOver = awaitHolder(pair.standbyName(), LEASE.plus(Duration.ofSeconds(10)));
    plane.createSample("minimal.yaml", namespace, "second");
    plane.awaitReady(namespace, "second", Duration.ofSeconds(60));

    assertThat(aws.calls().countByCaller(pair.standbyKey()))
        .as("the new leader works")
        .isPositive();
    assertThat(aws.calls().countByCaller(pair.leaderKey()))
        .as("the dead one is silent")
        .isEqualTo(beforeCrash);
    report(
        "kill -9 of the leader (lease " + LEASE.toSeconds() + "s)",
        "kill to the standby holding the Lease",
        Duration.between(crash, handedOver));
  }

  /**
   * The leader dies right after IAM accepted DeleteServiceLinkedRole. The new leader must finish
   * that deletion (one task, not two), keep a new resource from becoming Ready against the role
   * being deleted (ECS would fail it), and recreate the role once the task has SUCCEEDED.
   */
  @Test
  void aCrashDuringRoleDeletionIsFinishedByTheNewLeader() {
    aws.configure(
        b -> b.roleDeletionQueueDelay(Duration.ofSeconds(1)).roleDeletionDelay(LEASE.plus(LEASE)));
    Pair pair = startPair();
    plane.createSample("minimal.yaml", namespace, "last-one");
    plane.awaitReady(namespace, "last-one", Duration.ofSeconds(60));
    AtomicReference<Instant> secondReady = new AtomicReference<>();
    Set<String> secondReadiness = ConcurrentHashMap.newKeySet();
    Watch watch = watchReady("second", secondReady, secondReadiness);
    try {
      plane
          .client()
          .resources(CapacityProvider.class)
          .inNamespace(namespace)
          .withName("last-one")
          .delete();
      Awaitility.await("DeleteServiceLinkedRole accepted")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> aws.calls().count(Service.IAM, "DeleteServiceLinkedRole", CallLog.SUCCESS) > 0);
      pair.leader().kill();
      plane.createSample("minimal.yaml", namespace, "second");

      awaitHolder(pair.standbyName(), LEASE.plus(Duration.ofSeconds(10)));
      plane.awaitReady(namespace, "second", Duration.ofSeconds(90));
      Awaitility.await("the old resource's finalizer removed")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  plane
                          .client()
                          .resources(CapacityProvider.class)
                          .inNamespace(namespace)
                          .withName("last-one")
                          .get()
                      == null);
    } finally {
      watch.close();
    }

    List<DeletionTask> tasks = aws.deletionTasks();
    assertThat(tasks).as("one deletion task, resumed, not started again").hasSize(1);
    assertThat(tasks.get(0).status()).isEqualTo("SUCCEEDED");
    assertThat(secondReady.get())
        .as("the new resource became Ready only after the role's deletion finished")
        .isAfter(tasks.get(0).finishedAt());
    assertThat(secondReadiness)
        .as("while the role was being deleted the new resource said so")
        .anyMatch(
            m -> m.startsWith("WaitingForServiceLinkedRole: ") && m.contains("is being deleted"));
    assertThat(aws.role()).as("the role was created again for the new resource").isPresent();
    assertThat(aws.calls().countByCaller(pair.standbyKey())).isPositive();
  }

  /** Watches {@code name}: when it was first Ready, and every "reason: message" of its Ready. */
  private Watch watchReady(String name, AtomicReference<Instant> firstReady, Set<String> reasons) {
    return plane
        .client()
        .resources(CapacityProvider.class)
        .inNamespace(namespace)
        .withName(name)
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, CapacityProvider cp) {
                if (cp.getStatus() != null && cp.getStatus().conditions() != null) {
                  cp.getStatus().conditions().stream()
                      .filter(c -> c.type().equals("Ready"))
                      .forEach(c -> reasons.add(c.reason() + ": " + c.message()));
                }
                if (OperatorHarness.readyForItsGeneration(cp)) {
                  firstReady.compareAndSet(null, Instant.now());
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  private record Pair(
      OperatorProcess leader, String leaderName, OperatorProcess standby, String standbyName) {
    String leaderKey() {
      return accessKey(leaderName);
    }

    String standbyKey() {
      return accessKey(standbyName);
    }
  }

  private Pair startPair() {
    OperatorProcess a = replica("replica-a");
    OperatorProcess b = replica("replica-b");
    a.awaitReady(Duration.ofSeconds(60));
    b.awaitReady(Duration.ofSeconds(60));
    String leader =
        Awaitility.await("a leader")
            .atMost(Duration.ofSeconds(60))
            .until(this::holder, holder -> holder != null);
    return leader.equals("replica-a")
        ? new Pair(a, "replica-a", b, "replica-b")
        : new Pair(b, "replica-b", a, "replica-a");
  }

  private OperatorProcess replica(String name) {
    List<String> flags = new ArrayList<>(OperatorProcess.localFlags(aws.endpoint(), "us-east-1"));
    flags.addAll(
        List.of(
            "--watch-namespaces",
            namespace,
            "--leader-election",
            "true",
            "--lease-namespace",
            namespace,
            "--lease-duration",
            LEASE.toSeconds() + "s",
            "--resync-interval",
            RESYNC.toSeconds() + "s",
            "--identity",
            name));
    OperatorProcess replica =
        OperatorProcess.start(
            plane.kubeconfig(), accessKey(name), flags, Map.of(), work.resolve(name + ".log"));
    replicas.add(replica);
    return replica;
  }

  private static String accessKey(String replica) {
    return "AKID" + replica.replace("-", "").toUpperCase();
  }

  private Lease lease() {
    return plane.client().leases().inNamespace(namespace).withName("ecs-mi-operator").get();
  }

  private String holder() {
    Lease lease = lease();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private Instant renewTime() {
    ZonedDateTime renewed = lease().getSpec().getRenewTime();
    return renewed.toInstant();
  }

  /** Waits until {@code name} holds the Lease and returns when that was seen. */
  private Instant awaitHolder(String name, Duration atMost) {
    Awaitility.await(name + " holds the Lease")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> name.equals(holder()));
    return Instant.now();
  }

  /** A Prometheus counter's value from {@code /metrics}; 0 when it is not exported. */
  private static long counter(OperatorProcess replica, String name) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+]+)$")
            .matcher(replica.get("/metrics").body());
    long total = 0;
    while (m.find()) {
      total += (long) Double.parseDouble(m.group(1));
    }
    return total;
  }

  /** Prints measured times as a table (the figures docs/high-availability.md quotes). */
  private static void report(String title, Object... labelsAndDurations) {
    StringBuilder table = new StringBuilder("\n" + title + "\n");
    for (int i = 0; i + 1 < labelsAndDurations.length; i += 2) {
      table.append(
          String.format(
              "  %-45s %6d ms%n",
              labelsAndDurations[i], ((Duration) labelsAndDurations[i + 1]).toMillis()));
    }
    System.out.println(table);
  }
}
