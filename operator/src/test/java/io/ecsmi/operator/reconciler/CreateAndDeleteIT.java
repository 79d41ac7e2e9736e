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

/** The basic lifecycle against the real API server and the emulator. */
@ExtendWith(KubeApiServerExtension.class)
class CreateAndDeleteIT {

  private OperatorHarness harness;

  @BeforeEach
  void start(KubernetesClient client) {
    harness = OperatorHarness.start(client);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void createsTheRoleAndTheProviderAndReportsReady() {
    harness.create(harness.sample("minimal.yaml", "general"));

    CapacityProvider ready = harness.awaitReady("general");

    var status = ready.getStatus();
    assertThat(status.capacityProviderArn())
        .isEqualTo("arn:aws:ecs:us-east-1:123456789012:capacity-provider/general");
    assertThat(status.awsStatus()).isEqualTo("ACTIVE");
    assertThat(status.updateStatus()).isEqualTo("CREATE_COMPLETE");
    assertThat(status.serviceLinkedRoleArn())
        .endsWith("role/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute");
    assertThat(status.observedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(status.conditions())
        .extracting(c -> c.type() + "=" + c.status())
        .containsExactly(
            "Ready=True",
            "Reconciling=False",
            "Stalled=False",
            "ServiceLinkedRoleReady=True",
            "CapacityProviderSynced=True");
    assertThat(ready.getMetadata().getFinalizers()).containsExactly("ecsmi.io/cleanup");
    assertThat(harness.eventReasons("general")).contains("Created");
    var provider = harness.aws().provider("us-east-1", "general").orElseThrow();
    assertThat(provider.tags())
        .containsEntry("ecsmi.io/owner", harness.namespace() + "/general")
        .containsEntry("ecsmi.io/uid", ready.getMetadata().getUid())
        .containsEntry("ecsmi.io/owner-cluster", "kubernetes");
    CallLog calls = harness.aws().calls();
    System.out.println("AWS calls for create -> Ready: " + calls.stats());
  }

  @Test
  void deletingTheLastResourceDeletesTheProviderThenTheRole() {
    harness.create(harness.sample("minimal.yaml", "general"));
    harness.awaitReady("general");

    harness.resource("general").delete();

    harness.awaitGone("general");
    assertThat(harness.aws().provider("us-east-1", "general").orElseThrow().status())
        .isEqualTo("INACTIVE");
    assertThat(harness.aws().role()).isEmpty();
    assertThat(harness.aws().calls().count(Service.IAM, "DeleteServiceLinkedRole")).isEqualTo(1);
  }
}
