package io.ecsmi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.LocalKubeApiServer;
import io.ecsmi.operator.testing.Namespaces;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two replicas with leader election: one reconciles, and a crash hands over. */
@ExtendWith(KubeApiServerExtension.class)
class LeaderElectionIT {

  @TempDir Path work;
  private ControlPlane plane;
  private AwsEmulator aws;
  private final List<OperatorProcess> replicas = new ArrayList<>();

  @AfterEach
  void stop() {
    replicas.forEach(OperatorProcess::close);
    if (aws != null) {
      aws.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  private OperatorProcess replica(String name, String namespace) {
    List<String> flags = new ArrayList<>(OperatorProcess.localFlags(aws.endpoint(), "us-east-1"));
    flags.addAll(
        List.of(
            "--watch-namespaces", namespace,
            "--leader-election", "true",
            "--lease-namespace", namespace,
            "--lease-duration", "6s",
            "--identity", name));
    OperatorProcess replica =
        OperatorProcess.start(
            plane.kubeconfig(),
            "AKID" + name.toUpperCase(),
            flags,
            Map.of(),
            work.resolve(name + ".log"));
    replicas.add(replica);
    return replica;
  }

  @Test
  void onlyTheLeaderCallsAwsAndACrashHandsOver(LocalKubeApiServer server) {
    plane = ControlPlane.on(server, work);
    plane.installCrd();
    aws = AwsEmulator.start();
    aws.createCluster("us-east-1", "prod");
    String namespace = Namespaces.create(plane.client(), "ha");
    OperatorProcess a = replica("replica-a", namespace);
    OperatorProcess b = replica("replica-b", namespace);
    a.awaitReady(Duration.ofSeconds(60));
    b.awaitReady(Duration.ofSeconds(60));
    String leader = awaitLeader(namespace, null);
    OperatorProcess leading = leader.equals("replica-a") ? a : b;
    String standbyName = leader.equals("replica-a") ? "replica-b" : "replica-a";

    plane.createSample("minimal.yaml", namespace, "first");
    plane.awaitReady(namespace, "first", Duration.ofSeconds(60));

    assertThat(aws.calls().countByCaller("AKID" + leader.toUpperCase())).isPositive();
    assertThat(aws.calls().countByCaller("AKID" + standbyName.toUpperCase()))
        .as("the standby makes no AWS call")
        .isZero();
    assertThat(leading.get("/healthz").statusCode()).isEqualTo(200);
    assertThat((leader.equals("replica-a") ? b : a).get("/healthz").body()).contains("standby");

    long beforeCrash = aws.calls().countByCaller("AKID" + leader.toUpperCase());
    leading.kill();
    assertThat(awaitLeader(namespace, leader)).isEqualTo(standbyName);
    plane.createSample("minimal.yaml", namespace, "second");
    plane.awaitReady(namespace, "second", Duration.ofSeconds(60));

    assertThat(aws.calls().countByCaller("AKID" + standbyName.toUpperCase()))
        .as("the new leader works")
        .isPositive();
    assertThat(aws.calls().countByCaller("AKID" + leader.toUpperCase()))
        .as("the dead one is silent")
        .isEqualTo(beforeCrash);
  }

  private String awaitLeader(String namespace, String notThisOne) {
    return Awaitility.await("a leader other than " + notThisOne)
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Lease lease =
                  plane.client().leases().inNamespace(namespace).withName("ecs-mi-operator").get();
              return lease == null || lease.getSpec() == null
                  ? null
                  : lease.getSpec().getHolderIdentity();
            },
            holder -> holder != null && !holder.equals(notThisOne));
  }
}
