package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.Behaviour;
import io.ecsmi.emulator.Service;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The account-wide service-linked role under concurrent deletions and outside users. */
@ExtendWith(KubeApiServerExtension.class)
class ServiceLinkedRoleIT {

  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void twentyResourcesDeletedAtOnceDeleteTheRoleExactlyOnce(KubernetesClient client) {
    harness =
        OperatorHarness.start(
            client,
            Behaviour.instant().toBuilder()
                .deleteDelay(Duration.ofMillis(300))
                .roleDeletionQueueDelay(Duration.ofMillis(200))
                .roleDeletionDelay(Duration.ofMillis(500))
                .build(),
            c -> c);
    List<String> names = IntStream.range(0, 20).mapToObj(i -> "cp-" + i).toList();
    names.forEach(n -> harness.create(harness.sample("minimal.yaml", n)));
    names.forEach(harness::awaitReady);
    assertThat(harness.aws().calls().count(Service.IAM, "CreateServiceLinkedRole")).isEqualTo(1);

    names.forEach(n -> harness.resource(n).delete());

    names.forEach(harness::awaitGone);
    assertThat(harness.aws().calls().count(Service.IAM, "DeleteServiceLinkedRole")).isEqualTo(1);
    assertThat(harness.aws().role()).isEmpty();
    assertThat(harness.aws().providers())
        .allSatisfy(p -> assertThat(p.status()).isEqualTo("INACTIVE"));
  }

  @Test
  void aRoleStillUsedOutsideTheOperatorIsKeptAndTheResourceLetGo(KubernetesClient client) {
    harness = OperatorHarness.start(client);
    harness.aws().createCluster("eu-west-1", "analytics");
    harness.create(harness.sample("minimal.yaml", "general"));
    harness.awaitReady("general");
    try (var eu = SdkClients.ecs(harness.aws().endpoint(), "eu-west-1")) {
      eu.createCapacityProvider(
          SdkClients.provider("outside").toBuilder().cluster("analytics").build());
    }

    harness.resource("general").delete();

    harness.awaitGone("general");
    assertThat(harness.aws().role()).isPresent();
    assertThat(harness.aws().deletionTasks())
        .singleElement()
        .satisfies(t -> assertThat(t.status()).isEqualTo("FAILED"));
    assertThat(harness.events("general"))
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("ServiceLinkedRoleInUse");
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage())
                  .contains("arn:aws:ecs:eu-west-1:123456789012:capacity-provider/outside");
            });
  }

  @Test
  void aResourceCreatedWhileTheRoleIsBeingDeletedWaitsThenGetsTheRoleAgain(
      KubernetesClient client) {
    harness =
        OperatorHarness.start(
            client,
            Behaviour.instant().toBuilder()
                .roleDeletionQueueDelay(Duration.ofSeconds(1))
                .roleDeletionDelay(Duration.ofSeconds(2))
                .build(),
            c -> c);
    harness.create(harness.sample("minimal.yaml", "first"));
    harness.awaitReady("first");
    harness.resource("first").delete();
    org.awaitility.Awaitility.await("the role deletion task started")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !harness.aws().deletionTasks().isEmpty());

    harness.create(harness.sample("spot.yaml", "second"));

    harness.awaitGone("first");
    harness.awaitReady("second");
    assertThat(harness.aws().role()).isPresent();
    assertThat(harness.aws().deletionTasks())
        .singleElement()
        .satisfies(t -> assertThat(t.status()).isEqualTo("SUCCEEDED"));
    assertThat(harness.aws().calls().count(Service.IAM, "CreateServiceLinkedRole", "success"))
        .isEqualTo(2);
  }
}
