package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.Behaviour;
import io.ecsmi.emulator.Service;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Creation and deletion, and the service-linked role around them. */
@ExtendWith(KubeApiServerExtension.class)
class CreateAndDeleteIT {

  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void createsTheRoleAndTheProviderAndReportsReady(KubernetesClient client) {
    harness = OperatorHarness.start(client);

    harness.create(harness.sample("minimal.yaml", "general"));
    CapacityProvider ready = harness.awaitReady("general");

    var status = ready.getStatus();
    assertThat(status.capacityProviderArn())
        .isEqualTo("arn:aws:ecs:us-east-1:123456789012:capacity-provider/general");
    assertThat(status.awsStatus()).isEqualTo("ACTIVE");
    assertThat(status.updateStatus()).isEqualTo("CREATE_COMPLETE");
    assertThat(status.serviceLinkedRoleArn())
        .endsWith(":role/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute");
    assertThat(status.observedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(status.conditions())
        .extracting(c -> c.type() + "=" + c.status())
        .containsExactly(
            "Ready=True",
            "Reconciling=False",
            "Stalled=False",
            "ServiceLinkedRoleReady=True",
            "CapacityProviderSynced=True");
    assertThat(status.conditions())
        .allSatisfy(c -> assertThat(c.observedGeneration()).isEqualTo(1L));
    assertThat(ready.getMetadata().getFinalizers()).containsExactly("ecsmi.io/cleanup");
    harness.awaitEvents("general", "ServiceLinkedRoleCreated", "Created");
    assertThat(harness.aws().provider("us-east-1", "general").orElseThrow().tags())
        .containsEntry("ecsmi.io/owner", harness.namespace() + "/general")
        .containsEntry("ecsmi.io/uid", ready.getMetadata().getUid())
        .containsEntry("ecsmi.io/owner-cluster", "kubernetes");
    var calls = harness.aws().calls();
    assertThat(calls.count(Service.IAM, "CreateServiceLinkedRole")).isEqualTo(1);
    assertThat(calls.count(Service.ECS, "CreateCapacityProvider")).isEqualTo(1);
  }

  @Test
  void anExistingRoleIsUsedNotCreated(KubernetesClient client) {
    harness = OperatorHarness.start(client);
    harness.aws().seedRole();

    harness.create(harness.sample("minimal.yaml", "general"));
    harness.awaitReady("general");

    var calls = harness.aws().calls();
    assertThat(calls.count(Service.IAM, "CreateServiceLinkedRole")).isZero();
    assertThat(calls.count(Service.IAM, "GetRole")).isEqualTo(1);
    assertThat(calls.count(Service.ECS)).as("describe + create").isEqualTo(2);
  }

  @Test
  void aRoleEcsCreatedAndDeletedItselfIsTakenInStride(KubernetesClient client) {
    harness =
        OperatorHarness.start(
            client,
            Behaviour.realistic().toBuilder()
                .iamConsistencyDelay(Duration.ZERO)
                .ecsRoleCleanupDelay(Duration.ZERO)
                .build(),
            c -> c);
    // Someone creates a Managed Instances provider outside the operator: ECS creates the role.
    harness.aws().configure(b -> b.requireRoleForCreate(false));
    try (var ecs = SdkClients.ecs(harness.aws().endpoint())) {
      ecs.createCapacityProvider(SdkClients.provider("outside"));
    }
    harness.aws().configure(b -> b.requireRoleForCreate(true));
    assertThat(harness.aws().role()).isPresent();

    harness.create(harness.sample("minimal.yaml", "general"));
    harness.awaitReady("general");
    assertThat(harness.aws().calls().count(Service.IAM, "CreateServiceLinkedRole")).isZero();

    // The outside provider goes; then ours: ECS deletes the role after the last one itself.
    try (var ecs = SdkClients.ecs(harness.aws().endpoint())) {
      ecs.deleteCapacityProvider(d -> d.capacityProvider("outside").cluster("prod"));
    }
    harness.resource("general").delete();
    harness.awaitGone("general");
    assertThat(harness.aws().role()).isEmpty();
  }

  @Test
  void waitsOutIamEventualConsistency(KubernetesClient client) {
    harness =
        OperatorHarness.start(
            client,
            Behaviour.instant().toBuilder().iamConsistencyDelay(Duration.ofSeconds(2)).build(),
            c -> c);

    harness.create(harness.sample("minimal.yaml", "general"));
    harness.awaitCondition("general", "Ready", "False", "WaitingForServiceLinkedRole");
    harness.awaitReady("general");

    var calls = harness.aws().calls();
    assertThat(calls.count(Service.IAM, "CreateServiceLinkedRole")).isEqualTo(1);
    assertThat(calls.count(Service.IAM, "GetRole", "NoSuchEntity")).isGreaterThanOrEqualTo(2);
    assertThat(calls.count(Service.ECS, "CreateCapacityProvider", "success")).isEqualTo(1);
  }

  @Test
  void deletingTheLastResourceDeletesTheProviderThenTheRole(KubernetesClient client) {
    harness =
        OperatorHarness.start(
            client,
            Behaviour.instant().toBuilder().deleteDelay(Duration.ofSeconds(1)).build(),
            c -> c);
    harness.create(harness.sample("minimal.yaml", "general"));
    harness.awaitReady("general");

    harness.resource("general").delete();

    harness.awaitCondition("general", "Reconciling", "True", "Deleting");
    harness.awaitGone("general");
    assertThat(harness.aws().provider("us-east-1", "general").orElseThrow().status())
        .isEqualTo("INACTIVE");
    assertThat(harness.aws().role()).isEmpty();
    assertThat(harness.aws().calls().count(Service.IAM, "DeleteServiceLinkedRole")).isEqualTo(1);
    harness.awaitEvents("general", "Deleting", "Deleted", "ServiceLinkedRoleDeleted");
  }

  @Test
  void theRoleIsKeptUntilTheLastOfTwoProvidersIsGone(KubernetesClient client) {
    harness = OperatorHarness.start(client);
    harness.create(harness.sample("minimal.yaml", "one"));
    harness.create(harness.sample("spot.yaml", "two"));
    harness.awaitReady("one");
    harness.awaitReady("two");

    harness.resource("one").delete();
    harness.awaitGone("one");
    assertThat(harness.aws().role()).isPresent();
    assertThat(harness.aws().calls().count(Service.IAM, "DeleteServiceLinkedRole")).isZero();

    harness.resource("two").delete();
    harness.awaitGone("two");
    assertThat(harness.aws().role()).isEmpty();
    assertThat(harness.aws().calls().count(Service.IAM, "DeleteServiceLinkedRole")).isEqualTo(1);
  }

  @Test
  void retainLeavesTheProviderAndTheRoleInAws(KubernetesClient client) {
    harness = OperatorHarness.start(client);
    CapacityProvider cp = harness.sample("minimal.yaml", "kept");
    cp.setSpec(
        new io.ecsmi.operator.api.v1alpha1.CapacityProviderSpec(
            null,
            "prod",
            null,
            cp.getSpec().managedInstancesProvider(),
            null,
            io.ecsmi.operator.api.v1alpha1.DeletionPolicy.RETAIN,
            null,
            null));
    harness.create(cp);
    harness.awaitReady("kept");

    harness.resource("kept").delete();

    harness.awaitGone("kept");
    assertThat(harness.aws().provider("us-east-1", "kept").orElseThrow().status())
        .isEqualTo("ACTIVE");
    assertThat(harness.aws().calls().count(Service.ECS, "DeleteCapacityProvider")).isZero();
    assertThat(harness.aws().calls().count(Service.IAM, "DeleteServiceLinkedRole")).isZero();
    assertThat(harness.aws().role()).isPresent();
  }
}
