package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmi.operator.api.v1alpha1.AcceleratorManufacturer;
import io.ecsmi.operator.api.v1alpha1.AcceleratorName;
import io.ecsmi.operator.api.v1alpha1.AcceleratorType;
import io.ecsmi.operator.api.v1alpha1.AutoRepairActionsStatus;
import io.ecsmi.operator.api.v1alpha1.CapacityOptionType;
import io.ecsmi.operator.api.v1alpha1.CpuManufacturer;
import io.ecsmi.operator.api.v1alpha1.Inclusion;
import io.ecsmi.operator.api.v1alpha1.InstanceGeneration;
import io.ecsmi.operator.api.v1alpha1.LocalStorageType;
import io.ecsmi.operator.api.v1alpha1.ManagedInstancesProviderSpec;
import io.ecsmi.operator.api.v1alpha1.Monitoring;
import io.ecsmi.operator.api.v1alpha1.PropagateTags;
import io.ecsmi.operator.api.v1alpha1.ReservationPreference;
import io.ecsmi.operator.testing.Samples;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecs.model.CreateCapacityProviderRequest;
import software.amazon.awssdk.services.ecs.model.InstanceLaunchTemplate;
import software.amazon.awssdk.services.ecs.model.ManagedInstancesProvider;
import software.amazon.awssdk.services.ecs.model.UpdateCapacityProviderRequest;

class SpecMapperTest {

  private static DesiredProvider desired(String sample) {
    ManagedInstancesProviderSpec mi = Samples.load(sample).getSpec().managedInstancesProvider();
    return new DesiredProvider(
        new ProviderKey("eu-west-1", "prod", "cp"), mi, Map.of("team", "platform"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal.yaml", "full.yaml", "spot.yaml", "retained-adopted.yaml"})
  void theCreateRequestCarriesEveryFieldOfTheSpecLosslessly(String sample) {
    DesiredProvider desired = desired(sample);

    CreateCapacityProviderRequest request = SpecMapper.createRequest(desired);

    assertThat(request.name()).isEqualTo("cp");
    assertThat(request.cluster()).isEqualTo("prod");
    assertThat(request.tags())
        .singleElement()
        .satisfies(t -> assertThat(t.key()).isEqualTo("team"));
    var c = request.managedInstancesProvider();
    ManagedInstancesProvider asEcsStoresIt =
        ManagedInstancesProvider.builder()
            .infrastructureRoleArn(c.infrastructureRoleArn())
            .instanceLaunchTemplate(c.instanceLaunchTemplate())
            .propagateTags(c.propagateTagsAsString())
            .infrastructureOptimization(c.infrastructureOptimization())
            .autoRepairConfiguration(c.autoRepairConfiguration())
            .build();
    assertThat(SpecMapper.configuration(asEcsStoresIt)).isEqualTo(desired.configuration());
  }

  @ParameterizedTest
  @ValueSource(strings = {"full.yaml", "spot.yaml"})
  void theUpdateRequestCarriesTheFullConfigurationButTheImmutableFields(String sample) {
    DesiredProvider desired = desired(sample);

    UpdateCapacityProviderRequest request = SpecMapper.updateRequest(desired);

    var u = request.managedInstancesProvider();
    var t = u.instanceLaunchTemplate();
    var template = desired.configuration().instanceLaunchTemplate();
    ManagedInstancesProvider asEcsStoresIt =
        ManagedInstancesProvider.builder()
            .infrastructureRoleArn(u.infrastructureRoleArn())
            .instanceLaunchTemplate(
                InstanceLaunchTemplate.builder()
                    .ec2InstanceProfileArn(t.ec2InstanceProfileArn())
                    .networkConfiguration(t.networkConfiguration())
                    .storageConfiguration(t.storageConfiguration())
                    .localStorageConfiguration(t.localStorageConfiguration())
                    .monitoring(t.monitoringAsString())
                    .instanceMetadataTagsPropagation(t.instanceMetadataTagsPropagation())
                    .instanceRequirements(t.instanceRequirements())
                    .capacityReservations(t.capacityReservations())
                    .capacityOptionType(
                        template.capacityOptionType() == null
                            ? null
                            : template.capacityOptionType().value())
                    .fipsEnabled(template.fipsEnabled())
                    .build())
            .propagateTags(u.propagateTagsAsString())
            .infrastructureOptimization(u.infrastructureOptimization())
            .autoRepairConfiguration(u.autoRepairConfiguration())
            .build();
    assertThat(request.name()).isEqualTo("cp");
    assertThat(request.cluster()).isEqualTo("prod");
    assertThat(SpecMapper.configuration(asEcsStoresIt)).isEqualTo(desired.configuration());
  }

  @Test
  void membersTheSpecLeavesOutStayOutOfTheRequest() {
    var request = SpecMapper.createRequest(desired("minimal.yaml")).managedInstancesProvider();

    assertThat(request.propagateTags()).isNull();
    assertThat(request.instanceLaunchTemplate().monitoring()).isNull();
    assertThat(request.instanceLaunchTemplate().instanceRequirements()).isNull();
    assertThat(request.instanceLaunchTemplate().networkConfiguration().hasSecurityGroups())
        .isFalse();
  }

  @Test
  void listsEcsDidNotSendStayUnset() {
    ManagedInstancesProvider fromEcs =
        ManagedInstancesProvider.builder()
            .infrastructureRoleArn("arn:aws:iam::123456789012:role/r")
            .instanceLaunchTemplate(t -> t.networkConfiguration(n -> n.subnets("subnet-1")))
            .build();

    var spec = SpecMapper.configuration(fromEcs);

    assertThat(spec.instanceLaunchTemplate().networkConfiguration().securityGroups()).isNull();
    assertThat(spec.instanceLaunchTemplate().networkConfiguration().subnets())
        .containsExactly("subnet-1");
  }

  @Test
  void aValueThisVersionDoesNotKnowIsReportedNotDropped() {
    ManagedInstancesProvider fromEcs =
        ManagedInstancesProvider.builder()
            .infrastructureRoleArn("arn:aws:iam::123456789012:role/r")
            .instanceLaunchTemplate(t -> t.monitoring("ULTRA"))
            .build();

    assertThatThrownBy(() -> SpecMapper.configuration(fromEcs))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'ULTRA'");
  }

  static Stream<Arguments> enums() {
    return Stream.of(
        pair(
            Monitoring.values(),
            Monitoring::value,
            software.amazon.awssdk.services.ecs.model.ManagedInstancesMonitoringOptions
                .knownValues()),
        pair(
            CapacityOptionType.values(),
            CapacityOptionType::value,
            software.amazon.awssdk.services.ecs.model.CapacityOptionType.knownValues()),
        pair(
            PropagateTags.values(),
            PropagateTags::value,
            software.amazon.awssdk.services.ecs.model.PropagateMITags.knownValues()),
        pair(
            ReservationPreference.values(),
            ReservationPreference::value,
            software.amazon.awssdk.services.ecs.model.CapacityReservationPreference.knownValues()),
        pair(
            AutoRepairActionsStatus.values(),
            AutoRepairActionsStatus::value,
            software.amazon.awssdk.services.ecs.model.AutoRepairActionsStatus.knownValues()),
        pair(
            CpuManufacturer.values(),
            CpuManufacturer::value,
            software.amazon.awssdk.services.ecs.model.CpuManufacturer.knownValues()),
        pair(
            InstanceGeneration.values(),
            InstanceGeneration::value,
            software.amazon.awssdk.services.ecs.model.InstanceGeneration.knownValues()),
        pair(
            Inclusion.values(),
            Inclusion::value,
            software.amazon.awssdk.services.ecs.model.BareMetal.knownValues()),
        pair(
            Inclusion.values(),
            Inclusion::value,
            software.amazon.awssdk.services.ecs.model.BurstablePerformance.knownValues()),
        pair(
            Inclusion.values(),
            Inclusion::value,
            software.amazon.awssdk.services.ecs.model.LocalStorage.knownValues()),
        pair(
            LocalStorageType.values(),
            LocalStorageType::value,
            software.amazon.awssdk.services.ecs.model.LocalStorageType.knownValues()),
        pair(
            AcceleratorType.values(),
            AcceleratorType::value,
            software.amazon.awssdk.services.ecs.model.AcceleratorType.knownValues()),
        pair(
            AcceleratorManufacturer.values(),
            AcceleratorManufacturer::value,
            software.amazon.awssdk.services.ecs.model.AcceleratorManufacturer.knownValues()),
        pair(
            AcceleratorName.values(),
            AcceleratorName::value,
            software.amazon.awssdk.services.ecs.model.AcceleratorName.knownValues()));
  }

  private static <E, S> Arguments pair(E[] ours, Function<E, String> value, Set<S> sdk) {
    return Arguments.of(
        ours[0].getClass().getSimpleName(),
        Arrays.stream(ours).map(value).collect(Collectors.toSet()),
        sdk.stream().map(Object::toString).collect(Collectors.toSet()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("enums")
  void everyEnumHasExactlyTheValuesOfTheSdk(String name, Set<String> ours, Set<String> sdk) {
    assertThat(ours).isEqualTo(sdk);
  }
}
