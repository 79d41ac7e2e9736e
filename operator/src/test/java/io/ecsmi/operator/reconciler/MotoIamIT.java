package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.Behaviour;
import io.ecsmi.emulator.MotoServer;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * IAM answered by moto, an implementation of IAM that is not ours (ECS stays the emulator's). moto
 * names the role {@code AWSServiceRoleForecs-compute} and answers a second create with
 * EntityAlreadyExists, where real IAM answers InvalidInput "has been taken": the operator must take
 * the name from IAM's answer, and treat every "already exists" as "it exists".
 */
@ExtendWith(KubeApiServerExtension.class)
class MotoIamIT {

  private static final String MOTO_NAME = "AWSServiceRoleForecs-compute";

  private static MotoServer moto;
  private OperatorHarness harness;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
  }

  @AfterAll
  static void stopMoto() {
    moto.close();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    try (IamClient iam = iam()) {
      iam.listRoles().roles().forEach(r -> iam.deleteRole(d -> d.roleName(r.roleName())));
    }
  }

  private OperatorHarness start(KubernetesClient client) {
    OperatorHarness started =
        OperatorHarness.start(
            client,
            Behaviour.instant(),
            c -> c,
            aws -> aws.withIamEndpointOverride(Optional.of(moto.endpoint())));
    started.aws().seedRole(); // ECS's side (the emulator) can use the role
    return started;
  }

  private static IamClient iam() {
    return IamClient.builder()
        .endpointOverride(moto.endpoint())
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDMOTO", "secret")))
        .build();
  }

  @Test
  void theRoleIsNamedAndFoundAsIamAnsweredTheCreate(KubernetesClient client) {
    harness = start(client);

    harness.create(harness.sample("minimal.yaml", "general"));

    CapacityProvider ready = harness.awaitReady("general");
    assertThat(ready.getStatus().serviceLinkedRoleArn()).endsWith("/" + MOTO_NAME);
    assertThat(harness.events("general"))
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("ServiceLinkedRoleCreated");
              assertThat(e.getMessage()).contains(MOTO_NAME);
            });
  }

  @Test
  void entityAlreadyExistsMeansTheRoleExistsNotAFailure(KubernetesClient client) {
    try (IamClient iam = iam()) {
      iam.createServiceLinkedRole(r -> r.awsServiceName("ecs-compute.amazonaws.com"));
    }
    harness = start(client);

    harness.create(harness.sample("minimal.yaml", "general"));

    // moto's role is not named as AWS documents, so GetRole keeps missing it: the operator waits
    // for IAM (as for eventual consistency) instead of stalling on moto's EntityAlreadyExists.
    CapacityProvider waiting =
        harness.awaitCondition("general", "ServiceLinkedRoleReady", "False", "WaitingForIam");
    assertThat(OperatorHarness.condition(waiting, "Stalled").status()).isEqualTo("False");
    assertThat(harness.eventReasons("general")).doesNotContain("EntityAlreadyExists");
  }
}
