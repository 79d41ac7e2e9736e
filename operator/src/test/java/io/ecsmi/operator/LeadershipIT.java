package io.ecsmi.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.config.OperatorConfig;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.Namespaces;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Releasing the Lease on shutdown, against a real API server. */
@ExtendWith(KubeApiServerExtension.class)
class LeadershipIT {

  private static Leadership leadership(KubernetesClient client, String namespace) {
    OperatorConfig config =
        OperatorConfig.builder("us-east-1")
            .identity("replica-a")
            .leadership(
                new OperatorConfig.Leadership(
                    true, "ecs-mi-operator", Optional.of(namespace), Duration.ofSeconds(15)))
            .build();
    return new Leadership(config, client, Clock.systemUTC(), () -> {});
  }

  private static Lease heldBy(KubernetesClient client, String namespace, String holder) {
    ZonedDateTime now = ZonedDateTime.now();
    return client
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName("ecs-mi-operator")
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(holder)
                .withLeaseDurationSeconds(15)
                .withAcquireTime(now)
                .withRenewTime(now)
                .withLeaseTransitions(3)
                .endSpec()
                .build())
        .create();
  }

  @Test
  void theLeaderClearsTheHolderSoAStandbyTakesOverAtItsNextRetry(KubernetesClient client) {
    String namespace = Namespaces.create(client, "lease");
    heldBy(client, namespace, "replica-a");

    assertThat(leadership(client, namespace).release()).isTrue();

    Lease lease = client.leases().inNamespace(namespace).withName("ecs-mi-operator").get();
    assertThat(lease.getSpec().getHolderIdentity()).isNull();
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
    assertThat(lease.getSpec().getLeaseTransitions()).as("kept").isEqualTo(3);
  }

  @Test
  void aLeaseSomeoneElseHoldsIsLeftAlone(KubernetesClient client) {
    String namespace = Namespaces.create(client, "lease");
    Lease before = heldBy(client, namespace, "replica-b");

    assertThat(leadership(client, namespace).release()).isFalse();

    Lease after = client.leases().inNamespace(namespace).withName("ecs-mi-operator").get();
    assertThat(after.getSpec().getHolderIdentity()).isEqualTo("replica-b");
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void noLeaseNoRelease(KubernetesClient client) {
    String namespace = Namespaces.create(client, "lease");

    assertThat(leadership(client, namespace).release()).isFalse();
    assertThat(client.leases().inNamespace(namespace).list().getItems()).isEmpty();
  }
}
