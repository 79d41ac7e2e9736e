package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CapacityOptionType;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.CreateCapacityProviderRequest;
import software.amazon.awssdk.services.ecs.model.InstanceLaunchTemplate;
import software.amazon.awssdk.services.ecs.model.InstanceRequirementsRequest;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LimitExceededException;
import software.amazon.awssdk.services.ecs.model.Tag;

/** The errors ECS answers a bad request with, as the SDK parses them. */
class EcsValidationContractTest {

  private static final String REGION = "us-east-1";

  private final AwsEmulator emulator = AwsEmulator.start();
  private final EcsClient ecs = Sdk.ecs(emulator.endpoint(), REGION);

  {
    emulator.createCluster(REGION, "prod");
    emulator.seedRole();
  }

  @AfterEach
  void stop() {
    ecs.close();
    emulator.close();
  }

  /**
   * AWS does not document the answer for a subnet EC2 does not have; the emulator answers as ECS's
   * CreateService does (InvalidParameterException naming the subnet), on create and on update, and
   * accepts the provider once the subnet exists.
   */
  @Test
  void aSubnetEc2DoesNotHaveIsAnInvalidParameter() {
    emulator.subnetExists(REGION, "subnet-3d4e5f", false);

    assertThatThrownBy(() -> ecs.createCapacityProvider(Providers.create("prod", "general")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("The subnet ID 'subnet-3d4e5f' does not exist");

    emulator.subnetExists(REGION, "subnet-3d4e5f", true);
    ecs.createCapacityProvider(Providers.create("prod", "general"));
    emulator.subnetExists(REGION, "subnet-0a1b2c", false);
    assertThatThrownBy(
            () -> ecs.updateCapacityProvider(Providers.update("prod", "general", t -> {})))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("subnet-0a1b2c");
  }

  @Test
  void anUnknownClusterIsClusterNotFound() {
    assertThatThrownBy(() -> ecs.createCapacityProvider(Providers.create("nope", "general")))
        .isInstanceOf(ClusterNotFoundException.class)
        .satisfies(e -> assertThat(((ClusterNotFoundException) e).statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> ecs.describeCapacityProviders(d -> d.cluster("nope")))
        .isInstanceOf(ClusterNotFoundException.class);
  }

  @Test
  void aClusterArnIsAcceptedWhereANameIs() {
    String arn = emulator.createCluster(REGION, "by-arn");

    assertThat(
            ecs.createCapacityProvider(Providers.create(arn, "general"))
                .capacityProvider()
                .cluster())
        .isEqualTo("by-arn");
  }

  @Test
  void aSecondProviderWithTheSameNameIsRefused() {
    ecs.createCapacityProvider(Providers.create("prod", "general"));

    assertThatThrownBy(() -> ecs.createCapacityProvider(Providers.create("prod", "general")))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("already exists");
  }

  @ParameterizedTest
  @ValueSource(strings = {"awsome", "ECS-pool", "fargate2", "has space", "dot.name"})
  void invalidNamesAreRefused(String name) {
    assertThatThrownBy(() -> ecs.createCapacityProvider(Providers.create("prod", name)))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("capacity provider name is invalid");
  }

  @Test
  void aNameOf256CharactersIsRefusedAnd255Accepted() {
    assertThatThrownBy(() -> ecs.createCapacityProvider(Providers.create("prod", "n".repeat(256))))
        .isInstanceOf(ClientException.class);
    ecs.createCapacityProvider(Providers.create("prod", "n".repeat(255)));
  }

  @Test
  void aClusterHoldsAtMostTwentyProviders() {
    IntStream.range(0, 20)
        .forEach(i -> ecs.createCapacityProvider(Providers.create("prod", "cp-" + i)));

    assertThatThrownBy(() -> ecs.createCapacityProvider(Providers.create("prod", "cp-20")))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("(20)");
  }

  static Stream<Arguments> invalidLaunchTemplates() {
    return Stream.of(
        bad("subnets", t -> t.networkConfiguration(n -> n.subnets(java.util.List.of()))),
        bad("invalid subnet ID", t -> t.networkConfiguration(n -> n.subnets("net-1"))),
        bad(
            "invalid sg ID",
            t -> t.networkConfiguration(n -> n.subnets("subnet-1").securityGroups("group"))),
        bad("storageSizeGiB", t -> t.storageConfiguration(s -> s.storageSizeGiB(0))),
        bad("ec2InstanceProfileArn", t -> t.ec2InstanceProfileArn(null)),
        bad("ec2InstanceProfileArn", t -> t.ec2InstanceProfileArn("arn:aws:iam::1:role/x")),
        bad("monitoring", t -> t.monitoring("VERBOSE")),
        bad("capacityOptionType", t -> t.capacityOptionType("CHEAP")),
        bad(
            "vCpuCount.min is required",
            t -> t.instanceRequirements(r -> r.memoryMiB(m -> m.min(1)))),
        bad(
            "memoryMiB.min is required",
            t -> t.instanceRequirements(r -> r.vCpuCount(v -> v.min(1)))),
        bad(
            "spotMaxPricePercentageOverLowestPrice or"
                + " maxSpotPriceAsPercentageOfOptimalOnDemandPrice, not both",
            t ->
                t.instanceRequirements(
                    r ->
                        r.vCpuCount(v -> v.min(1))
                            .memoryMiB(m -> m.min(1))
                            .spotMaxPricePercentageOverLowestPrice(20)
                            .maxSpotPriceAsPercentageOfOptimalOnDemandPrice(80))),
        bad(
            "cpuManufacturers",
            t ->
                t.instanceRequirements(
                    r ->
                        r.vCpuCount(v -> v.min(1))
                            .memoryMiB(m -> m.min(1))
                            .cpuManufacturersWithStrings("INTEL"))),
        bad(
            "acceleratorNames",
            t ->
                t.instanceRequirements(
                    r ->
                        r.vCpuCount(v -> v.min(1))
                            .memoryMiB(m -> m.min(1))
                            .acceleratorNamesWithStrings("tpu"))),
        bad(
            "bareMetal",
            t ->
                t.instanceRequirements(
                    r ->
                        r.vCpuCount(v -> v.min(1))
                            .memoryMiB(m -> m.min(1))
                            .bareMetal("sometimes"))),
        bad(
            "allowedInstanceTypes or excludedInstanceTypes",
            t ->
                t.instanceRequirements(
                    r ->
                        r.vCpuCount(v -> v.min(1))
                            .memoryMiB(m -> m.min(1))
                            .allowedInstanceTypes("m5.*")
                            .excludedInstanceTypes("t2.*"))),
        bad(
            "capacityReservations can only be specified when capacityOptionType is RESERVED",
            t -> t.capacityReservations(c -> c.reservationPreference("RESERVATIONS_ONLY"))),
        bad(
            "reservationPreference",
            t ->
                t.capacityOptionType(CapacityOptionType.RESERVED)
                    .capacityReservations(c -> c.reservationPreference("ALWAYS"))),
        // Terraform's combination rules (AWS silent; research ecs-semantics.md §3):
        bad(
            "capacityReservations is required when capacityOptionType is RESERVED",
            t -> t.capacityOptionType(CapacityOptionType.RESERVED)),
        bad(
            "capacityReservations.reservationGroupArn can only be specified when"
                + " reservationPreference is RESERVATIONS_ONLY",
            t ->
                t.capacityOptionType(CapacityOptionType.RESERVED)
                    .capacityReservations(
                        c ->
                            c.reservationPreference("RESERVATIONS_FIRST")
                                .reservationGroupArn(GROUP))),
        bad(
            "capacityReservations.reservationGroupArn can only be specified when"
                + " reservationPreference is RESERVATIONS_ONLY",
            t ->
                t.capacityOptionType(CapacityOptionType.RESERVED)
                    .capacityReservations(c -> c.reservationGroupArn(GROUP))),
        bad(
            "instanceRequirements is required when capacityReservations.reservationPreference is"
                + " RESERVATIONS_ONLY or RESERVATIONS_FIRST",
            t ->
                t.capacityOptionType(CapacityOptionType.RESERVED)
                    .instanceRequirements((InstanceRequirementsRequest) null)
                    .capacityReservations(c -> c.reservationPreference("RESERVATIONS_ONLY"))),
        bad(
            "instanceRequirements is required when capacityReservations.reservationPreference is"
                + " RESERVATIONS_ONLY or RESERVATIONS_FIRST",
            t ->
                t.capacityOptionType(CapacityOptionType.RESERVED)
                    .instanceRequirements((InstanceRequirementsRequest) null)
                    .capacityReservations(c -> c.reservationPreference("RESERVATIONS_FIRST"))));
  }

  private static final String GROUP = "arn:aws:resource-groups:us-east-1:123456789012:group/cr";

  private static Arguments bad(String expected, Consumer<InstanceLaunchTemplate.Builder> change) {
    return Arguments.of(expected, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidLaunchTemplates")
  void anInvalidLaunchTemplateIsAnInvalidParameterNamingTheMember(
      String expected, Consumer<InstanceLaunchTemplate.Builder> change) {
    assertThatThrownBy(() -> ecs.createCapacityProvider(Providers.create("prod", "bad", change)))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void aReservedProviderTakesCapacityReservations() {
    ecs.createCapacityProvider(
        Providers.create(
            "prod",
            "only",
            t ->
                t.capacityOptionType(CapacityOptionType.RESERVED)
                    .capacityReservations(
                        c ->
                            c.reservationPreference("RESERVATIONS_ONLY")
                                .reservationGroupArn(GROUP))));
    ecs.createCapacityProvider(
        Providers.create(
            "prod",
            "excluded",
            t ->
                t.capacityOptionType(CapacityOptionType.RESERVED)
                    .instanceRequirements((InstanceRequirementsRequest) null)
                    .capacityReservations(c -> c.reservationPreference("RESERVATIONS_EXCLUDED"))));

    assertThat(emulator.providers()).hasSize(2);
  }

  @Test
  void anUpdateIsCheckedOnTheConfigurationItResultsIn() {
    ecs.createCapacityProvider(
        Providers.create(
            "prod",
            "reserved",
            t ->
                t.capacityOptionType(CapacityOptionType.RESERVED)
                    .capacityReservations(c -> c.reservationPreference("RESERVATIONS_FIRST"))));
    ecs.createCapacityProvider(Providers.create("prod", "on-demand"));

    assertThatThrownBy(
            () -> ecs.updateCapacityProvider(Providers.update("prod", "reserved", t -> {})))
        .as("RESET drops the reservations a RESERVED provider needs")
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining(
            "capacityReservations is required when capacityOptionType is RESERVED");
    assertThatThrownBy(
            () ->
                ecs.updateCapacityProvider(
                    Providers.update(
                        "prod",
                        "on-demand",
                        t ->
                            t.capacityReservations(
                                c -> c.reservationPreference("RESERVATIONS_FIRST")))))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("can only be specified when capacityOptionType is RESERVED");

    emulator.configure(b -> b.omittedOnUpdate(Behaviour.OmittedOnUpdate.KEEP));
    ecs.updateCapacityProvider(Providers.update("prod", "reserved", t -> {}));
    assertThat(
            emulator
                .provider(REGION, "reserved")
                .orElseThrow()
                .managedInstancesProvider()
                .path("instanceLaunchTemplate")
                .path("capacityReservations")
                .path("reservationPreference")
                .asText())
        .as("KEEP keeps them")
        .isEqualTo("RESERVATIONS_FIRST");
  }

  @Test
  void whatTheEcsModelDoesNotBoundIsAccepted() {
    // The model bounds neither subnets nor security groups nor the requirement ranges.
    ecs.createCapacityProvider(
        Providers.create(
            "prod",
            "unbounded",
            t ->
                t.networkConfiguration(
                        n ->
                            n.subnets(IntStream.range(0, 40).mapToObj(i -> "subnet-" + i).toList())
                                .securityGroups(
                                    IntStream.range(0, 20).mapToObj(i -> "sg-" + i).toList()))
                    .instanceRequirements(
                        r ->
                            r.vCpuCount(v -> v.min(8).max(2))
                                .memoryMiB(m -> m.min(0))
                                .onDemandMaxPricePercentageOverLowestPrice(999999))));

    assertThat(
            emulator
                .provider(REGION, "unbounded")
                .orElseThrow()
                .managedInstancesProvider()
                .path("instanceLaunchTemplate")
                .path("networkConfiguration")
                .path("subnets")
                .size())
        .isEqualTo(40);
  }

  @Test
  void theProviderConfigurationsRequiredMembersAndRangesAreChecked() {
    CreateCapacityProviderRequest base = Providers.create("prod", "bad");

    assertThatThrownBy(
            () ->
                ecs.createCapacityProvider(
                    base.toBuilder()
                        .managedInstancesProvider(
                            base.managedInstancesProvider().toBuilder()
                                .infrastructureRoleArn(null)
                                .build())
                        .build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("infrastructureRoleArn is required");
    assertThatThrownBy(
            () ->
                ecs.createCapacityProvider(
                    base.toBuilder()
                        .managedInstancesProvider(
                            base.managedInstancesProvider().toBuilder()
                                .infrastructureOptimization(o -> o.scaleInAfter(3601))
                                .build())
                        .build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("scaleInAfter must be -1 or between 0 and 3600");
    assertThatThrownBy(
            () ->
                ecs.createCapacityProvider(
                    base.toBuilder()
                        .managedInstancesProvider(
                            base.managedInstancesProvider().toBuilder()
                                .propagateTags("ALL")
                                .build())
                        .build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("propagateTags");
    assertThatThrownBy(
            () ->
                ecs.createCapacityProvider(
                    base.toBuilder()
                        .managedInstancesProvider(
                            (software.amazon.awssdk.services.ecs.model
                                    .CreateManagedInstancesProviderConfiguration)
                                null)
                        .build()))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> ecs.createCapacityProvider(base.toBuilder().cluster(null).build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("cluster is required");
  }

  @Test
  void tagsOnCreateFollowTheTagRules() {
    CreateCapacityProviderRequest base = Providers.create("prod", "tagged");

    assertThatThrownBy(
            () ->
                ecs.createCapacityProvider(
                    base.toBuilder().tags(Tag.builder().key("aws:x").value("v").build()).build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("aws:");
    assertThatThrownBy(
            () ->
                ecs.createCapacityProvider(
                    base.toBuilder()
                        .tags(
                            IntStream.range(0, 51)
                                .mapToObj(i -> Tag.builder().key("k" + i).value("v").build())
                                .toList())
                        .build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("at most 50");
    assertThatThrownBy(
            () ->
                ecs.createCapacityProvider(
                    base.toBuilder()
                        .tags(Tag.builder().key("k").value("v".repeat(257)).build())
                        .build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("256");
  }

  @Test
  void updatingOrDeletingAnUnknownProviderSaysItDoesNotExist() {
    assertThatThrownBy(() -> ecs.updateCapacityProvider(Providers.update("prod", "ghost", t -> {})))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("The specified capacity provider does not exist.");
    assertThatThrownBy(
            () -> ecs.deleteCapacityProvider(d -> d.capacityProvider("ghost").cluster("prod")))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining(
            "The specified capacity provider does not exist. Specify a valid name or ARN and try"
                + " again.");
  }
}
