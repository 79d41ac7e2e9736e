package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.AwsError;
import io.ecsmi.emulator.Behaviour;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.ecs.ProviderFaults;
import io.ecsmi.emulator.faults.Chaos;
import io.ecsmi.emulator.faults.Faults;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What AWS refuses, what needs a human, and what only needs patience. */
@ExtendWith(KubeApiServerExtension.class)
class FailuresIT {

  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aFailedDeletionKeepsTheFinalizerAndIsRetriedUntilItSucceeds(KubernetesClient client) {
    harness = OperatorHarness.start(client);
    harness.create(harness.sample("minimal.yaml", "general"));
    harness.awaitReady("general");
    harness
        .aws()
        .setProviderFaults(
            "us-east-1",
            "general",
            new ProviderFaults(null, "Instances are still draining", false));

    harness.resource("general").delete();

    CapacityProvider failing =
        harness.awaitCondition("general", "Reconciling", "True", "DeleteFailed");
    assertThat(failing.getStatus().updateStatus()).isEqualTo("DELETE_FAILED");
    assertThat(failing.getStatus().updateStatusReason()).isEqualTo("Instances are still draining");
    assertThat(failing.getMetadata().getFinalizers()).containsExactly("ecsmi.io/cleanup");
    harness.awaitEvent("general", "DeleteFailed");

    harness.aws().setProviderFaults("us-east-1", "general", ProviderFaults.NONE);
    Awaitility.await("deleted after the retry")
        .atMost(Duration.ofSeconds(60))
        .until(() -> harness.get("general") == null);
    assertThat(harness.aws().provider("us-east-1", "general").orElseThrow().status())
        .isEqualTo("INACTIVE");
  }

  @Test
  void aProviderInUseIsReportedAndTheDeletionRetried(KubernetesClient client) {
    harness = OperatorHarness.start(client);
    harness.create(harness.sample("minimal.yaml", "general"));
    harness.awaitReady("general");
    harness.aws().setProviderFaults("us-east-1", "general", new ProviderFaults(null, null, true));

    harness.resource("general").delete();

    CapacityProvider stalled =
        harness.awaitCondition("general", "Stalled", "True", "CapacityProviderInUse");
    assertThat(OperatorHarness.condition(stalled, "Stalled").message())
        .contains("in use")
        .contains("capacity provider strategies");
    harness.awaitEvent("general", "CapacityProviderInUse");
    harness.aws().setProviderFaults("us-east-1", "general", ProviderFaults.NONE);
    Awaitility.await("deleted after the retry")
        .atMost(Duration.ofSeconds(60))
        .until(() -> harness.get("general") == null);
  }

  @Test
  void invalidAwsParametersStallWithTheMessageAndCostOnlyAFewCalls(KubernetesClient client) {
    harness = OperatorHarness.start(client);
    harness.create(
        harness.sample("minimal.yaml", "lost", "{\"spec\":{\"cluster\":\"no-such-cluster\"}}"));

    CapacityProvider stalled =
        harness.awaitCondition("lost", "Stalled", "True", "ClusterNotFoundException");

    assertThat(OperatorHarness.condition(stalled, "Stalled").message())
        .startsWith(
            "DescribeCapacityProviders failed: ClusterNotFoundException: Cluster not found. create"
                + " the ECS cluster, or correct spec.cluster or spec.region (clusters are regional)."
                + " The operator looks again in 1");
    assertThat(OperatorHarness.condition(stalled, "Ready").status()).isEqualTo("False");
    harness.awaitEvent("lost", "ClusterNotFoundException");
    long calls = harness.aws().calls().count(Service.ECS);
    Awaitility.await("no hot loop")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.aws().calls().count(Service.ECS) == calls);
    assertThat(calls).isEqualTo(1);

    // A spec change is retried at once, not after the slow requeue.
    harness.aws().createCluster("us-east-1", "no-such-cluster");
    harness.patch("lost", "{\"spec\":{\"tags\":{\"fixed\":\"true\"}}}");
    harness.awaitReady("lost");
  }

  @Test
  void accessDeniedStallsAndSaysWhichPermissionToGrant(KubernetesClient client) {
    harness = OperatorHarness.start(client);
    harness.aws().seedRole();
    harness
        .aws()
        .faults()
        .failNext(
            Service.ECS,
            "CreateCapacityProvider",
            1,
            AwsError.ecs(
                "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/operator is not authorized to perform: ecs:CreateCapacityProvider"));

    harness.create(harness.sample("minimal.yaml", "denied"));

    CapacityProvider stalled =
        harness.awaitCondition("denied", "Stalled", "True", "AccessDeniedException");
    assertThat(OperatorHarness.condition(stalled, "Stalled").message())
        .contains("not authorized to perform: ecs:CreateCapacityProvider")
        .contains("grant ecs:CreateCapacityProvider to the operator's IAM role")
        .containsPattern(
            "\\. The operator looks again in 1\\dm\\d*s? \\(at \\d{4}-\\d\\d-\\d\\dT[0-9:]{8}Z\\), or at"
                + " once when the resource changes$");
    assertThat(OperatorHarness.condition(stalled, "Ready").message())
        .as("Ready says the same")
        .contains("The operator looks again in 1");
  }

  @Test
  void throttlingAndServerErrorsOnlyDelayConvergence(KubernetesClient client) {
    harness = OperatorHarness.start(client, Behaviour.instant(), c -> c);
    harness.aws().faults().chaos(Service.ECS, Faults.ANY, new Chaos(0.3, 0.1, 0.05));
    harness.aws().faults().chaos(Service.IAM, Faults.ANY, new Chaos(0.3, 0.1, 0));
    List<String> names = IntStream.range(0, 6).mapToObj(i -> "cp-" + i).toList();

    names.forEach(n -> harness.create(harness.sample("minimal.yaml", n)));

    names.forEach(
        n ->
            harness.await(
                n,
                "Ready",
                cp -> OperatorHarness.hasCondition(cp, "Ready", "True"),
                Duration.ofSeconds(90)));
    assertThat(harness.aws().providers()).hasSize(6);
    assertThat(harness.aws().calls().count(Service.ECS, "CreateCapacityProvider", "success"))
        .isEqualTo(6);
    assertThat(
            harness
                    .aws()
                    .calls()
                    .count(Service.ECS, "DescribeCapacityProviders", "ThrottlingException")
                + harness.aws().calls().count(Service.IAM, "GetRole", "Throttling"))
        .as("faults were injected")
        .isPositive();
  }
}
