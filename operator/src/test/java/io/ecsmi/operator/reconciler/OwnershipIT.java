package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.CallLog;
import io.ecsmi.emulator.Service;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Providers the operator did not create: refused, adopted, or only observed. */
@ExtendWith(KubeApiServerExtension.class)
class OwnershipIT {

  private OperatorHarness harness;

  @BeforeEach
  void start(KubernetesClient client) {
    harness = OperatorHarness.start(client);
    harness.aws().seedRole();
    try (var ecs = SdkClients.ecs(harness.aws().endpoint())) {
      ecs.createCapacityProvider(SdkClients.provider("legacy-pool"));
    }
    harness.aws().calls().clear();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void anExistingProviderItDidNotCreateIsNotTouched() {
    CapacityProvider cp = harness.sample("minimal.yaml", "legacy-pool");
    harness.create(cp);

    CapacityProvider stalled =
        harness.awaitCondition("legacy-pool", "Stalled", "True", "AlreadyExists");

    assertThat(OperatorHarness.condition(stalled, "Stalled").message())
        .contains("already exists and was not created by this resource")
        .contains("adoptionPolicy: AdoptExisting");
    harness.awaitEvent("legacy-pool", "AlreadyExists");
    assertThat(mutatingCalls()).isZero();
    assertThat(harness.aws().provider("us-east-1", "legacy-pool").orElseThrow().tags()).isEmpty();

    harness.resource("legacy-pool").delete();
    harness.awaitGone("legacy-pool");
    assertThat(harness.aws().provider("us-east-1", "legacy-pool").orElseThrow().status())
        .as("not deleted")
        .isEqualTo("ACTIVE");
    harness.awaitEvents("legacy-pool", "NotOwned");
  }

  @Test
  void adoptExistingTakesOverAnUnclaimedProviderAndConvergesIt() {
    harness.create(harness.sample("retained-adopted.yaml", "legacy"));

    CapacityProvider ready = harness.awaitReady("legacy");

    assertThat(ready.getStatus().adopted()).isTrue();
    assertThat(harness.aws().provider("us-east-1", "legacy-pool").orElseThrow().tags())
        .containsEntry("ecsmi.io/uid", ready.getMetadata().getUid());
    harness.awaitEvents("legacy", "Adopted");
    assertThat(
            harness
                .aws()
                .provider("us-east-1", "legacy-pool")
                .orElseThrow()
                .managedInstancesProvider()
                .path("instanceLaunchTemplate")
                .path("instanceRequirements")
                .path("vCpuCount")
                .path("max")
                .asInt())
        .as("converged to the spec")
        .isEqualTo(8);
  }

  @Test
  void observeOnlyMirrorsAwsAndNeverChangesIt() {
    harness.create(
        harness.sample(
            "minimal.yaml",
            "legacy-pool",
            "{\"spec\":{\"managementPolicy\":\"ObserveOnly\",\"managedInstancesProvider\":{\"instanceLaunchTemplate\":{\"monitoring\":\"DETAILED\"}}}}"));

    CapacityProvider observed =
        harness.awaitCondition("legacy-pool", "Stalled", "True", "DriftObserved");

    assertThat(observed.getStatus().awsStatus()).isEqualTo("ACTIVE");
    assertThat(observed.getStatus().capacityProviderArn())
        .endsWith("capacity-provider/legacy-pool");
    assertThat(observed.getStatus().drift())
        .containsExactly("managedInstancesProvider.instanceLaunchTemplate.monitoring");
    harness.patch(
        "legacy-pool",
        "{\"spec\":{\"managedInstancesProvider\":{\"instanceLaunchTemplate\":{\"monitoring\":\"BASIC\"}}}}");
    harness.awaitCondition("legacy-pool", "Ready", "True");
    harness.resource("legacy-pool").delete();
    harness.awaitGone("legacy-pool");

    assertThat(harness.aws().calls().count(Service.IAM))
        .as("no IAM call at all: %s", harness.aws().calls().recent())
        .isZero();
    assertThat(mutatingCalls()).isZero();
    assertThat(harness.aws().provider("us-east-1", "legacy-pool").orElseThrow().status())
        .isEqualTo("ACTIVE");
  }

  private long mutatingCalls() {
    CallLog calls = harness.aws().calls();
    return calls.count(Service.ECS) - calls.count(Service.ECS, "DescribeCapacityProviders");
  }
}
