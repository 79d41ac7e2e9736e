package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeletionTaskStatusType;
import software.amazon.awssdk.services.iam.model.GetServiceLinkedRoleDeletionStatusResponse;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

/** The ECS Compute service-linked role through the real {@link IamClient}. */
class IamContractTest {

  private static final String ROLE = "AWSServiceRoleForECSCompute";
  private static final String SERVICE = "ecs-compute.amazonaws.com";

  private final ManualClock clock = new ManualClock();
  private final AwsEmulator emulator = AwsEmulator.builder().clock(clock).start();
  private final IamClient iam = Sdk.iam(emulator.endpoint());

  @AfterEach
  void stop() {
    iam.close();
    emulator.close();
  }

  @Test
  void aMissingRoleIsNoSuchEntity() {
    assertThatThrownBy(() -> iam.getRole(r -> r.roleName(ROLE)))
        .isInstanceOfSatisfying(
            NoSuchEntityException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("The role with name AWSServiceRoleForECSCompute cannot be found.");
            });
  }

  @Test
  void createsTheRoleWithItsRealNamePathAndTrust() {
    Role created = iam.createServiceLinkedRole(r -> r.awsServiceName(SERVICE)).role();

    assertThat(created.roleName()).isEqualTo(ROLE);
    assertThat(created.path()).isEqualTo("/aws-service-role/ecs-compute.amazonaws.com/");
    assertThat(created.arn())
        .isEqualTo(
            "arn:aws:iam::123456789012:role/aws-service-role/ecs-compute.amazonaws.com/"
                + "AWSServiceRoleForECSCompute");
    assertThat(created.roleId()).startsWith("AROA").hasSize(21);
    assertThat(URLDecoder.decode(created.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
        .contains("\"Service\":\"ecs-compute.amazonaws.com\"");
    assertThat(iam.getRole(r -> r.roleName(ROLE)).role()).isEqualTo(created);
  }

  @Test
  void aSecondCreateSaysTheNameHasBeenTaken() {
    iam.createServiceLinkedRole(r -> r.awsServiceName(SERVICE));

    assertThatThrownBy(() -> iam.createServiceLinkedRole(r -> r.awsServiceName(SERVICE)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "Service role name AWSServiceRoleForECSCompute has been taken in this"
                          + " account, please try a different suffix.");
            });
  }

  @Test
  void otherServicesAndCustomSuffixesAreRefused() {
    assertThatThrownBy(
            () -> iam.createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("ecs.amazonaws.com");
    assertThatThrownBy(
            () -> iam.createServiceLinkedRole(r -> r.awsServiceName(SERVICE).customSuffix("x")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Custom suffix is not allowed");
  }

  @Test
  void deletionIsATaskThatRunsAsynchronouslyAndRemovesTheRole() {
    emulator.configure(
        b ->
            b.roleDeletionQueueDelay(Duration.ofSeconds(1))
                .roleDeletionDelay(Duration.ofSeconds(2)));
    iam.createServiceLinkedRole(r -> r.awsServiceName(SERVICE));

    String task = iam.deleteServiceLinkedRole(r -> r.roleName(ROLE)).deletionTaskId();

    assertThat(task)
        .matches(
            "task/aws-service-role/ecs-compute\\.amazonaws\\.com/AWSServiceRoleForECSCompute/"
                + "[0-9a-f-]{36}");
    assertThat(status(task).status()).isEqualTo(DeletionTaskStatusType.NOT_STARTED);
    assertThat(iam.deleteServiceLinkedRole(r -> r.roleName(ROLE)).deletionTaskId())
        .as("a repeated delete while the task is incomplete")
        .isEqualTo(task);
    clock.advance(Duration.ofSeconds(1));
    assertThat(status(task).status()).isEqualTo(DeletionTaskStatusType.IN_PROGRESS);
    assertThat(iam.getRole(r -> r.roleName(ROLE)).role().roleName()).isEqualTo(ROLE);
    clock.advance(Duration.ofSeconds(2));
    assertThat(status(task).status()).isEqualTo(DeletionTaskStatusType.SUCCEEDED);
    assertThatThrownBy(() -> iam.getRole(r -> r.roleName(ROLE)))
        .isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(() -> iam.deleteServiceLinkedRole(r -> r.roleName(ROLE)))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void aDeletionFailsWithTheResourcesOfEveryRegionThatStillUseTheRole() {
    emulator.seedRole();
    emulator.createCluster("us-east-1", "a");
    emulator.createCluster("eu-west-1", "b");
    try (EcsClient us = Sdk.ecs(emulator.endpoint(), "us-east-1");
        EcsClient eu = Sdk.ecs(emulator.endpoint(), "eu-west-1")) {
      us.createCapacityProvider(Providers.create("a", "one"));
      eu.createCapacityProvider(Providers.create("b", "two"));
    }

    String task = iam.deleteServiceLinkedRole(r -> r.roleName(ROLE)).deletionTaskId();

    GetServiceLinkedRoleDeletionStatusResponse failed = status(task);
    assertThat(failed.status()).isEqualTo(DeletionTaskStatusType.FAILED);
    assertThat(failed.reason().reason()).contains("in use");
    assertThat(failed.reason().roleUsageList())
        .satisfiesExactlyInAnyOrder(
            u -> {
              assertThat(u.region()).isEqualTo("eu-west-1");
              assertThat(u.resources())
                  .containsExactly("arn:aws:ecs:eu-west-1:123456789012:capacity-provider/two");
            },
            u -> {
              assertThat(u.region()).isEqualTo("us-east-1");
              assertThat(u.resources())
                  .containsExactly("arn:aws:ecs:us-east-1:123456789012:capacity-provider/one");
            });
    assertThat(iam.getRole(r -> r.roleName(ROLE)).role()).isNotNull();
    assertThat(iam.deleteServiceLinkedRole(r -> r.roleName(ROLE)).deletionTaskId())
        .as("a finished task is not reused")
        .isNotEqualTo(task);
  }

  @Test
  void aFinishedTaskIsForgottenAfterItsRetention() {
    emulator.configure(b -> b.deletionTaskRetention(Duration.ofMinutes(1)));
    emulator.seedRole();
    String task = iam.deleteServiceLinkedRole(r -> r.roleName(ROLE)).deletionTaskId();
    assertThat(status(task).status()).isEqualTo(DeletionTaskStatusType.SUCCEEDED);

    clock.advance(Duration.ofMinutes(1));

    assertThatThrownBy(() -> status(task)).isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(() -> status("garbage")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aNewRoleIsInvisibleToGetRoleUntilIamHasPropagatedIt() {
    emulator.configure(b -> b.iamConsistencyDelay(Duration.ofSeconds(5)));
    iam.createServiceLinkedRole(r -> r.awsServiceName(SERVICE));

    assertThatThrownBy(() -> iam.getRole(r -> r.roleName(ROLE)))
        .isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(() -> iam.createServiceLinkedRole(r -> r.awsServiceName(SERVICE)))
        .as("the name is taken at once, though")
        .isInstanceOf(InvalidInputException.class);
    clock.advance(Duration.ofSeconds(5));
    assertThat(iam.getRole(r -> r.roleName(ROLE)).role().roleName()).isEqualTo(ROLE);
  }

  private GetServiceLinkedRoleDeletionStatusResponse status(String task) {
    return iam.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId(task));
  }
}
