package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** What ECS does to the service-linked role, each effect switchable. */
class EcsSideEffectsContractTest {

  private static final String ROLE = "AWSServiceRoleForECSCompute";

  private final ManualClock clock = new ManualClock();
  private final AwsEmulator emulator = AwsEmulator.builder().clock(clock).start();
  private final EcsClient us = Sdk.ecs(emulator.endpoint(), "us-east-1");
  private final EcsClient eu = Sdk.ecs(emulator.endpoint(), "eu-west-1");
  private final IamClient iam = Sdk.iam(emulator.endpoint());

  {
    emulator.createCluster("us-east-1", "prod");
    emulator.createCluster("eu-west-1", "prod");
  }

  @AfterEach
  void stop() {
    us.close();
    eu.close();
    iam.close();
    emulator.close();
  }

  @Test
  void withoutTheRoleEcsCannotCreateAProvider() {
    assertThatThrownBy(() -> us.createCapacityProvider(Providers.create("prod", "general")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Unable to assume the service linked role");
  }

  @Test
  void ecsCreatesTheRoleWithTheFirstProvider() {
    emulator.configure(b -> b.ecsCreatesRole(true));

    us.createCapacityProvider(Providers.create("prod", "general"));

    assertThat(iam.getRole(r -> r.roleName(ROLE)).role().roleName()).isEqualTo(ROLE);
  }

  @Test
  void ecsDeletesTheRoleAfterTheLastProviderInAllRegions() {
    emulator.configure(b -> b.ecsDeletesRole(true).deleteDelay(Duration.ofSeconds(10)));
    emulator.seedRole();
    us.createCapacityProvider(Providers.create("prod", "a"));
    eu.createCapacityProvider(Providers.create("prod", "b"));

    us.deleteCapacityProvider(d -> d.capacityProvider("a").cluster("prod"));
    clock.advance(Duration.ofSeconds(10));
    assertThat(iam.getRole(r -> r.roleName(ROLE)).role()).as("eu-west-1 still has one").isNotNull();

    eu.deleteCapacityProvider(d -> d.capacityProvider("b").cluster("prod"));
    assertThat(iam.getRole(r -> r.roleName(ROLE)).role()).as("while deprovisioning").isNotNull();
    clock.advance(Duration.ofSeconds(10));
    assertThatThrownBy(() -> iam.getRole(r -> r.roleName(ROLE)))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void ecsDeletesTheRoleAfterItsCleanupDelayUnlessAProviderCameBack() {
    emulator.configure(b -> b.ecsDeletesRole(true).ecsRoleCleanupDelay(Duration.ofSeconds(30)));
    emulator.seedRole();
    us.createCapacityProvider(Providers.create("prod", "a"));
    us.deleteCapacityProvider(d -> d.capacityProvider("a").cluster("prod"));

    clock.advance(Duration.ofSeconds(29));
    assertThat(iam.getRole(r -> r.roleName(ROLE)).role()).isNotNull();
    us.createCapacityProvider(Providers.create("prod", "b"));
    clock.advance(Duration.ofSeconds(1));

    assertThat(iam.getRole(r -> r.roleName(ROLE)).role()).as("a provider exists again").isNotNull();
  }

  @Test
  void aRoleIamHasNotPropagatedYetCannotBeAssumedByEcs() {
    emulator.configure(b -> b.iamConsistencyDelay(Duration.ofSeconds(3)));
    iam.createServiceLinkedRole(r -> r.awsServiceName("ecs-compute.amazonaws.com"));

    assertThatThrownBy(() -> us.createCapacityProvider(Providers.create("prod", "general")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Unable to assume the service linked role");
    clock.advance(Duration.ofSeconds(3));
    us.createCapacityProvider(Providers.create("prod", "general"));
  }

  @Test
  void theRoleRequirementCanBeSwitchedOff() {
    emulator.configure(b -> b.requireRoleForCreate(false));

    us.createCapacityProvider(Providers.create("prod", "general"));

    assertThat(emulator.role()).isEmpty();
  }
}
