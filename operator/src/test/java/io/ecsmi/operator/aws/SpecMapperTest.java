package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.services.ecs.model.CapacityProvider;
import software.amazon.awssdk.services.ecs.model.CreateCapacityProviderRequest;
import software.amazon.awssdk.services.ecs.model.CreateManagedInstancesProviderConfiguration;
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
    assertThat(SdkJson.toJson(request.managedInstancesProvider())).isEqualTo(desired.json());
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal.yaml", "full.yaml", "spot.yaml"})
  void theUpdateRequestCarriesTheWholeConfigurationWithDocumentedDefaultsButNoCreateOnlyMember(
      String sample) {
    DesiredProvider desired = desired(sample);

    UpdateCapacityProviderRequest request = SpecMapper.updateRequest(desired);

    ObjectNode expected = EcsDefaults.effective(desired.json(), Partition.AWS);
    ObjectNode template = (ObjectNode) expected.get("instanceLaunchTemplate");
    template.remove(List.of("capacityOptionType", "fipsEnabled"));
    assertThat(request.name()).isEqualTo("cp");
    assertThat(request.cluster()).isEqualTo("prod");
    assertThat(SdkJson.toJson(request.managedInstancesProvider())).isEqualTo(expected);
    assertThat(request.managedInstancesProvider().instanceLaunchTemplate().monitoringAsString())
        .as("a documented default is sent, so removing a member reverts it")
        .isIn("BASIC", "DETAILED");
  }

  @Test
  void theCreateOnlyMembersAreTheOnesTheUpdateShapeLacks() {
    // botocore ecs service-2.json: InstanceLaunchTemplateUpdate has neither member.
    assertThat(SpecMapper.CREATE_ONLY)
        .containsExactlyInAnyOrder(
            "managedInstancesProvider.instanceLaunchTemplate.capacityOptionType",
            "managedInstancesProvider.instanceLaunchTemplate.fipsEnabled");
  }

  @Test
  void membersTheSpecLeavesOutStayOutOfTheCreateRequest() {
    var request = SpecMapper.createRequest(desired("minimal.yaml")).managedInstancesProvider();

    assertThat(request.propagateTags()).isNull();
    assertThat(request.instanceLaunchTemplate().monitoring()).isNull();
    assertThat(request.instanceLaunchTemplate().instanceRequirements()).isNull();
    assertThat(request.instanceLaunchTemplate().networkConfiguration().hasSecurityGroups())
        .isFalse();
  }

  @Test
  void listsEcsDidNotSendStayUnset() {
    ObservedProvider observed =
        SpecMapper.observed(
            CapacityProvider.builder()
                .name("cp")
                .managedInstancesProvider(
                    m ->
                        m.infrastructureRoleArn("arn:aws:iam::123456789012:role/r")
                            .instanceLaunchTemplate(
                                t -> t.networkConfiguration(n -> n.subnets("subnet-1"))))
                .build());

    JsonNode network = observed.configuration().at("/instanceLaunchTemplate/networkConfiguration");
    assertThat(network.has("securityGroups")).isFalse();
    assertThat(network.get("subnets").get(0).asText()).isEqualTo("subnet-1");
  }

  @Test
  void aValueThisSdkDoesNotKnowIsCarriedAsItIs() {
    ObservedProvider observed =
        SpecMapper.observed(
            CapacityProvider.builder()
                .name("cp")
                .status("SUSPENDED")
                .managedInstancesProvider(
                    m ->
                        m.infrastructureRoleArn("arn:aws:iam::123456789012:role/r")
                            .instanceLaunchTemplate(
                                t ->
                                    t.monitoring("ULTRA")
                                        .instanceRequirements(
                                            r -> r.cpuManufacturersWithStrings("intel", "risc-v"))))
                .build());

    assertThat(observed.status()).isEqualTo("SUSPENDED");
    assertThat(observed.configuration().at("/instanceLaunchTemplate/monitoring").asText())
        .isEqualTo("ULTRA");
    assertThat(
            observed
                .configuration()
                .at("/instanceLaunchTemplate/instanceRequirements/cpuManufacturers")
                .toString())
        .isEqualTo("[\"intel\",\"risc-v\"]");
  }

  @Test
  void theSamplesUseEveryMemberOfTheSdkShapes() {
    // Every member AWS's model has for a create is in the spec model (and shown in a sample).
    Set<String> sdk = leaves(CreateManagedInstancesProviderConfiguration.builder(), "");
    Set<String> samples = new TreeSet<>();
    for (String sample : List.of("full.yaml", "spot.yaml")) {
      collect(desired(sample).json(), "", samples);
    }

    assertThat(samples).isEqualTo(sdk);
  }

  private static Set<String> leaves(SdkPojo shape, String path) {
    Set<String> out = new TreeSet<>();
    for (SdkField<?> field : shape.sdkFields()) {
      String at = path + "/" + field.locationName();
      if (field.marshallingType() == MarshallingType.SDK_POJO) {
        out.addAll(leaves(field.constructor().get(), at));
      } else {
        out.add(at);
      }
    }
    return out;
  }

  private static void collect(JsonNode json, String path, Set<String> out) {
    if (json.isObject()) {
      json.properties().forEach(e -> collect(e.getValue(), path + "/" + e.getKey(), out));
    } else {
      out.add(path);
    }
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
