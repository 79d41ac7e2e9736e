package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmi.emulator.iam.DeletionTask;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeletionTaskStatusType;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.RoleUsageType;

/**
 * The aws, aws-cn and aws-us-gov partitions: ARNs, separate IAM, ECS's side effects per partition.
 */
class PartitionContractTest {

  private static final String ROLE = "AWSServiceRoleForECSCompute";
  private static final String SERVICE = "ecs-compute.amazonaws.com";

  private final ManualClock clock = new ManualClock();
  private final AwsEmulator emulator = AwsEmulator.builder().clock(clock).start();
  private final EcsClient china = Sdk.ecs(emulator.endpoint(), "cn-north-1");
  private final EcsClient us = Sdk.ecs(emulator.endpoint(), "us-east-1");
  private final IamClient chinaIam = Sdk.iam(emulator.endpoint(), Region.AWS_CN_GLOBAL);
  private final IamClient awsIam = Sdk.iam(emulator.endpoint(), Region.AWS_GLOBAL);

  @AfterEach
  void stop() {
    china.close();
    us.close();
    chinaIam.close();
    awsIam.close();
    emulator.close();
  }

  @ParameterizedTest
  @CsvSource({
    "us-east-1, aws",
    "eu-central-2, aws",
    "il-central-1, aws",
    "mx-central-1, aws",
    "cn-north-1, aws-cn",
    "cn-northwest-1, aws-cn",
    "us-gov-west-1, aws-us-gov",
    "us-gov-east-1, aws-us-gov"
  })
  void aRegionBelongsToThePartitionOfBotocoresRegex(String region, String partition) {
    assertThat(Partition.of(region).id()).isEqualTo(partition);
  }

  @Test
  void everyArnTheEmulatorBuildsCarriesThePartition() {
    emulator.seedRole("aws-cn");

    String cluster = emulator.createCluster("cn-north-1", "prod");
    String provider =
        china
            .createCapacityProvider(Providers.createIn("aws-cn", "prod", "general"))
            .capacityProvider()
            .capacityProviderArn();

    assertThat(cluster).isEqualTo("arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod");
    assertThat(provider)
        .isEqualTo("arn:aws-cn:ecs:cn-north-1:123456789012:capacity-provider/general");
    assertThat(chinaIam.getRole(r -> r.roleName(ROLE)).role().arn())
        .isEqualTo(
            "arn:aws-cn:iam::123456789012:role/aws-service-role/ecs-compute.amazonaws.com/"
                + "AWSServiceRoleForECSCompute");
    assertThat(
            china
                .describeCapacityProviders(d -> d.capacityProviders("missing"))
                .failures()
                .get(0)
                .arn())
        .isEqualTo("arn:aws-cn:ecs:cn-north-1:123456789012:capacity-provider/missing");
  }

  @Test
  void aRoleCreatedThroughTheChinaIamEndpointDoesNotExistInAws() {
    chinaIam.createServiceLinkedRole(r -> r.awsServiceName(SERVICE));

    assertThat(chinaIam.getRole(r -> r.roleName(ROLE)).role().roleName()).isEqualTo(ROLE);
    assertThatThrownBy(() -> awsIam.getRole(r -> r.roleName(ROLE)))
        .isInstanceOf(NoSuchEntityException.class);
    assertThat(emulator.role("aws-cn")).isPresent();
    assertThat(emulator.role()).as("the no-argument form means aws").isEmpty();
    assertThat(emulator.role("aws-us-gov")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "aws-global, aws",
    "us-east-1, aws",
    "aws-cn-global, aws-cn",
    "cn-north-1, aws-cn",
    "aws-us-gov-global, aws-us-gov",
    "us-gov-west-1, aws-us-gov"
  })
  void eachIamSigningRegionReachesTheIamOfItsPartition(String signingRegion, String partition) {
    try (IamClient iam = Sdk.iam(emulator.endpoint(), Region.of(signingRegion))) {
      iam.createServiceLinkedRole(r -> r.awsServiceName(SERVICE));
    }

    assertThat(emulator.calls().recent())
        .singleElement()
        .satisfies(c -> assertThat(c.region()).as("the SigV4 scope").isEqualTo(signingRegion));
    for (Partition p : Partition.values()) {
      assertThat(emulator.role(p.id()).isPresent()).as(p.id()).isEqualTo(p.id().equals(partition));
    }
    assertThat(emulator.role(partition).orElseThrow().arn()).startsWith("arn:" + partition + ":");
  }

  @Test
  void aRegionOfAnotherPartitionIsAnsweredWithAnErrorThatSaysItIsNotEmulated() {
    try (EcsClient iso = Sdk.ecs(emulator.endpoint(), "us-iso-east-1");
        IamClient regional = Sdk.iam(emulator.endpoint(), Region.EU_WEST_1)) {
      assertThatThrownBy(() -> iso.describeCapacityProviders(d -> d.cluster("prod")))
          .isInstanceOfSatisfying(
              EcsException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("UnsupportedFeatureException");
                assertThat(e.awsErrorDetails().errorMessage())
                    .contains("does not emulate the partition of region 'us-iso-east-1'");
              });
      assertThatThrownBy(() -> regional.getRole(r -> r.roleName(ROLE)))
          .isInstanceOfSatisfying(
              IamException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnsupportedPartition");
                assertThat(e.awsErrorDetails().errorMessage())
                    .contains(
                        "does not emulate an IAM endpoint that signs with region 'eu-west-1'");
              });
    }
    assertThat(
            emulator
                .calls()
                .count(Service.ECS, "DescribeCapacityProviders", "UnsupportedFeatureException"))
        .isEqualTo(1);
    assertThatThrownBy(() -> emulator.createCluster("us-iso-east-1", "prod"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> emulator.seedRole("aws-iso"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aws-iso");
  }

  @Test
  void ecsInChinaNeedsTheChinaRoleNotTheAwsOne() {
    emulator.createCluster("cn-north-1", "prod");
    emulator.seedRole();

    assertThatThrownBy(
            () -> china.createCapacityProvider(Providers.createIn("aws-cn", "prod", "general")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Unable to assume the service linked role");

    emulator.seedRole("aws-cn");
    china.createCapacityProvider(Providers.createIn("aws-cn", "prod", "general"));
  }

  @Test
  void ecsCreatesTheRoleOfTheProvidersPartition() {
    emulator.configure(b -> b.ecsCreatesRole(true));
    emulator.createCluster("cn-north-1", "prod");

    china.createCapacityProvider(Providers.createIn("aws-cn", "prod", "general"));

    assertThat(emulator.role("aws-cn")).isPresent();
    assertThat(emulator.role()).isEmpty();
  }

  @Test
  void ecsDeletesAPartitionsRoleAfterTheLastProviderInThatPartitionsRegions() {
    emulator.configure(b -> b.ecsDeletesRole(true));
    emulator.seedRole();
    emulator.seedRole("aws-cn");
    emulator.createCluster("us-east-1", "prod");
    emulator.createCluster("cn-north-1", "prod");
    emulator.createCluster("cn-northwest-1", "prod");
    us.createCapacityProvider(Providers.create("prod", "a"));
    china.createCapacityProvider(Providers.createIn("aws-cn", "prod", "b"));
    try (EcsClient ningxia = Sdk.ecs(emulator.endpoint(), "cn-northwest-1")) {
      ningxia.createCapacityProvider(Providers.createIn("aws-cn", "prod", "c"));

      china.deleteCapacityProvider(d -> d.capacityProvider("b").cluster("prod"));
      assertThat(emulator.role("aws-cn")).as("cn-northwest-1 still has one").isPresent();

      ningxia.deleteCapacityProvider(d -> d.capacityProvider("c").cluster("prod"));
    }

    assertThat(emulator.role("aws-cn")).as("no provider left in aws-cn").isEmpty();
    assertThat(emulator.role()).as("us-east-1 still has one").isPresent();
  }

  @Test
  void aDeletionTaskListsOnlyItsPartitionsProviders() {
    emulator.seedRole();
    emulator.seedRole("aws-cn");
    emulator.createCluster("us-east-1", "prod");
    emulator.createCluster("cn-north-1", "prod");
    us.createCapacityProvider(Providers.create("prod", "a"));
    china.createCapacityProvider(Providers.createIn("aws-cn", "prod", "b"));

    String task = chinaIam.deleteServiceLinkedRole(r -> r.roleName(ROLE)).deletionTaskId();

    var status = chinaIam.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId(task));
    assertThat(status.status()).isEqualTo(DeletionTaskStatusType.FAILED);
    assertThat(status.reason().roleUsageList())
        .extracting(RoleUsageType::region, RoleUsageType::resources)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "cn-north-1",
                List.of("arn:aws-cn:ecs:cn-north-1:123456789012:capacity-provider/b")));
    assertThat(emulator.deletionTasks("aws-cn")).extracting(DeletionTask::id).containsExactly(task);
    assertThat(emulator.deletionTasks()).isEmpty();
    assertThatThrownBy(() -> awsIam.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId(task)))
        .as("the task is the aws-cn IAM's")
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void anArnOfAnotherPartitionNamesNoResourceOfThisRegion() {
    emulator.seedRole("aws-cn");
    emulator.createCluster("cn-north-1", "prod");
    china.createCapacityProvider(Providers.createIn("aws-cn", "prod", "general"));

    assertThatThrownBy(
            () ->
                china.listTagsForResource(
                    l ->
                        l.resourceArn(
                            "arn:aws:ecs:cn-north-1:123456789012:capacity-provider/general")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(
            china
                .describeCapacityProviders(
                    d ->
                        d.capacityProviders(
                            "arn:aws-cn:ecs:cn-north-1:123456789012:capacity-provider/general"))
                .capacityProviders())
        .hasSize(1);
  }

  @Test
  void lookingUpAProviderInAnUnemulatedRegionChangesNothing() {
    emulator.configure(b -> b.ecsDeletesRole(true));
    emulator.seedRole();
    emulator.createCluster("us-east-1", "prod");
    us.createCapacityProvider(Providers.create("prod", "a"));

    assertThat(emulator.provider("mars-north-1", "a")).isEmpty();
    us.deleteCapacityProvider(d -> d.capacityProvider("a").cluster("prod"));

    assertThat(emulator.role()).as("ECS's clean-up ran").isEmpty();
    assertThat(emulator.providers()).extracting(p -> p.region()).containsOnly("us-east-1");
  }

  @Test
  void theRoleOfAPartitionIsSeededAndRemovedOutOfBand() {
    try (IamClient gov = Sdk.iam(emulator.endpoint(), Region.AWS_US_GOV_GLOBAL)) {
      emulator.seedRole("aws-us-gov");
      assertThat(gov.getRole(r -> r.roleName(ROLE)).role().arn())
          .isEqualTo(
              "arn:aws-us-gov:iam::123456789012:role/aws-service-role/ecs-compute.amazonaws.com/"
                  + "AWSServiceRoleForECSCompute");

      emulator.removeRole("aws-us-gov");

      assertThatThrownBy(() -> gov.getRole(r -> r.roleName(ROLE)))
          .isInstanceOf(NoSuchEntityException.class);
    }
  }
}
