package io.ecsmi.operator.aws;

import io.ecsmi.operator.api.v1alpha1.AcceleratorManufacturer;
import io.ecsmi.operator.api.v1alpha1.AcceleratorName;
import io.ecsmi.operator.api.v1alpha1.AcceleratorType;
import io.ecsmi.operator.api.v1alpha1.AutoRepairActionsStatus;
import io.ecsmi.operator.api.v1alpha1.AutoRepairConfigurationSpec;
import io.ecsmi.operator.api.v1alpha1.CapacityOptionType;
import io.ecsmi.operator.api.v1alpha1.CapacityReservationsSpec;
import io.ecsmi.operator.api.v1alpha1.CpuManufacturer;
import io.ecsmi.operator.api.v1alpha1.DecimalRange;
import io.ecsmi.operator.api.v1alpha1.Inclusion;
import io.ecsmi.operator.api.v1alpha1.InfrastructureOptimizationSpec;
import io.ecsmi.operator.api.v1alpha1.InstanceGeneration;
import io.ecsmi.operator.api.v1alpha1.InstanceLaunchTemplateSpec;
import io.ecsmi.operator.api.v1alpha1.InstanceRequirementsSpec;
import io.ecsmi.operator.api.v1alpha1.IntegerRange;
import io.ecsmi.operator.api.v1alpha1.IntegerRangeWithMin;
import io.ecsmi.operator.api.v1alpha1.LocalStorageConfigurationSpec;
import io.ecsmi.operator.api.v1alpha1.LocalStorageType;
import io.ecsmi.operator.api.v1alpha1.ManagedInstancesProviderSpec;
import io.ecsmi.operator.api.v1alpha1.Monitoring;
import io.ecsmi.operator.api.v1alpha1.NetworkConfigurationSpec;
import io.ecsmi.operator.api.v1alpha1.PropagateTags;
import io.ecsmi.operator.api.v1alpha1.ReservationPreference;
import io.ecsmi.operator.api.v1alpha1.StorageConfigurationSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.ecs.model.AcceleratorCountRequest;
import software.amazon.awssdk.services.ecs.model.AcceleratorTotalMemoryMiBRequest;
import software.amazon.awssdk.services.ecs.model.AutoRepairConfiguration;
import software.amazon.awssdk.services.ecs.model.BaselineEbsBandwidthMbpsRequest;
import software.amazon.awssdk.services.ecs.model.CapacityProvider;
import software.amazon.awssdk.services.ecs.model.CapacityReservationRequest;
import software.amazon.awssdk.services.ecs.model.CreateCapacityProviderRequest;
import software.amazon.awssdk.services.ecs.model.CreateManagedInstancesProviderConfiguration;
import software.amazon.awssdk.services.ecs.model.InfrastructureOptimization;
import software.amazon.awssdk.services.ecs.model.InstanceLaunchTemplate;
import software.amazon.awssdk.services.ecs.model.InstanceLaunchTemplateUpdate;
import software.amazon.awssdk.services.ecs.model.InstanceRequirementsRequest;
import software.amazon.awssdk.services.ecs.model.ManagedInstancesLocalStorageConfiguration;
import software.amazon.awssdk.services.ecs.model.ManagedInstancesNetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.ManagedInstancesProvider;
import software.amazon.awssdk.services.ecs.model.ManagedInstancesStorageConfiguration;
import software.amazon.awssdk.services.ecs.model.MemoryGiBPerVCpuRequest;
import software.amazon.awssdk.services.ecs.model.MemoryMiBRequest;
import software.amazon.awssdk.services.ecs.model.NetworkBandwidthGbpsRequest;
import software.amazon.awssdk.services.ecs.model.NetworkInterfaceCountRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TotalLocalStorageGBRequest;
import software.amazon.awssdk.services.ecs.model.UpdateCapacityProviderRequest;
import software.amazon.awssdk.services.ecs.model.UpdateManagedInstancesProviderConfiguration;
import software.amazon.awssdk.services.ecs.model.VCpuCountRangeRequest;

/**
 * The spec's Managed Instances configuration to ECS requests and back: pure functions. Field names
 * are the ECS API's, so every mapping below is one line per member; members the spec leaves out are
 * left out of the request (ECS applies its defaults).
 */
public final class SpecMapper {

  private SpecMapper() {}

  // ---- spec -> requests -----------------------------------------------------------------------

  public static CreateCapacityProviderRequest createRequest(DesiredProvider desired) {
    ManagedInstancesProviderSpec mi = desired.configuration();
    return CreateCapacityProviderRequest.builder()
        .name(desired.key().name())
        .cluster(desired.key().cluster())
        .managedInstancesProvider(
            CreateManagedInstancesProviderConfiguration.builder()
                .infrastructureRoleArn(mi.infrastructureRoleArn())
                .instanceLaunchTemplate(launchTemplate(mi.instanceLaunchTemplate()))
                .propagateTags(value(mi.propagateTags(), PropagateTags::value))
                .infrastructureOptimization(optimization(mi.infrastructureOptimization()))
                .autoRepairConfiguration(autoRepair(mi.autoRepairConfiguration()))
                .build())
        .tags(tags(desired.tags()))
        .build();
  }

  /**
   * The full desired configuration in the update form, which has no {@code capacityOptionType} or
   * {@code fipsEnabled} (both are immutable; the CRD refuses changes to them).
   */
  public static UpdateCapacityProviderRequest updateRequest(DesiredProvider desired) {
    ManagedInstancesProviderSpec mi = desired.configuration();
    InstanceLaunchTemplateSpec t = mi.instanceLaunchTemplate();
    return UpdateCapacityProviderRequest.builder()
        .name(desired.key().name())
        .cluster(desired.key().cluster())
        .managedInstancesProvider(
            UpdateManagedInstancesProviderConfiguration.builder()
                .infrastructureRoleArn(mi.infrastructureRoleArn())
                .instanceLaunchTemplate(
                    InstanceLaunchTemplateUpdate.builder()
                        .ec2InstanceProfileArn(t.ec2InstanceProfileArn())
                        .networkConfiguration(network(t.networkConfiguration()))
                        .storageConfiguration(storage(t.storageConfiguration()))
                        .localStorageConfiguration(localStorage(t.localStorageConfiguration()))
                        .monitoring(value(t.monitoring(), Monitoring::value))
                        .instanceMetadataTagsPropagation(t.instanceMetadataTagsPropagation())
                        .instanceRequirements(requirements(t.instanceRequirements()))
                        .capacityReservations(reservations(t.capacityReservations()))
                        .build())
                .propagateTags(value(mi.propagateTags(), PropagateTags::value))
                .infrastructureOptimization(optimization(mi.infrastructureOptimization()))
                .autoRepairConfiguration(autoRepair(mi.autoRepairConfiguration()))
                .build())
        .build();
  }

  public static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  private static InstanceLaunchTemplate launchTemplate(InstanceLaunchTemplateSpec t) {
    return InstanceLaunchTemplate.builder()
        .ec2InstanceProfileArn(t.ec2InstanceProfileArn())
        .networkConfiguration(network(t.networkConfiguration()))
        .storageConfiguration(storage(t.storageConfiguration()))
        .localStorageConfiguration(localStorage(t.localStorageConfiguration()))
        .monitoring(value(t.monitoring(), Monitoring::value))
        .capacityOptionType(value(t.capacityOptionType(), CapacityOptionType::value))
        .capacityReservations(reservations(t.capacityReservations()))
        .fipsEnabled(t.fipsEnabled())
        .instanceMetadataTagsPropagation(t.instanceMetadataTagsPropagation())
        .instanceRequirements(requirements(t.instanceRequirements()))
        .build();
  }

  private static ManagedInstancesNetworkConfiguration network(NetworkConfigurationSpec n) {
    return n == null
        ? null
        : ManagedInstancesNetworkConfiguration.builder()
            .subnets(n.subnets())
            .securityGroups(n.securityGroups())
            .build();
  }

  private static ManagedInstancesStorageConfiguration storage(StorageConfigurationSpec s) {
    return s == null
        ? null
        : ManagedInstancesStorageConfiguration.builder().storageSizeGiB(s.storageSizeGiB()).build();
  }

  private static ManagedInstancesLocalStorageConfiguration localStorage(
      LocalStorageConfigurationSpec s) {
    return s == null
        ? null
        : ManagedInstancesLocalStorageConfiguration.builder()
            .useLocalStorage(s.useLocalStorage())
            .build();
  }

  private static CapacityReservationRequest reservations(CapacityReservationsSpec r) {
    return r == null
        ? null
        : CapacityReservationRequest.builder()
            .reservationGroupArn(r.reservationGroupArn())
            .reservationPreference(value(r.reservationPreference(), ReservationPreference::value))
            .build();
  }

  private static InfrastructureOptimization optimization(InfrastructureOptimizationSpec o) {
    return o == null
        ? null
        : InfrastructureOptimization.builder().scaleInAfter(o.scaleInAfter()).build();
  }

  private static AutoRepairConfiguration autoRepair(AutoRepairConfigurationSpec a) {
    return a == null
        ? null
        : AutoRepairConfiguration.builder()
            .actionsStatus(value(a.actionsStatus(), AutoRepairActionsStatus::value))
            .build();
  }

  private static InstanceRequirementsRequest requirements(InstanceRequirementsSpec r) {
    if (r == null) {
      return null;
    }
    return InstanceRequirementsRequest.builder()
        .vCpuCount(
            r.vCpuCount() == null
                ? null
                : VCpuCountRangeRequest.builder()
                    .min(r.vCpuCount().min())
                    .max(r.vCpuCount().max())
                    .build())
        .memoryMiB(
            r.memoryMiB() == null
                ? null
                : MemoryMiBRequest.builder()
                    .min(r.memoryMiB().min())
                    .max(r.memoryMiB().max())
                    .build())
        .cpuManufacturersWithStrings(values(r.cpuManufacturers(), CpuManufacturer::value))
        .memoryGiBPerVCpu(
            SpecMapper.<MemoryGiBPerVCpuRequest>decimal(
                r.memoryGiBPerVCpu(),
                (min, max) -> MemoryGiBPerVCpuRequest.builder().min(min).max(max).build()))
        .excludedInstanceTypes(r.excludedInstanceTypes())
        .instanceGenerationsWithStrings(values(r.instanceGenerations(), InstanceGeneration::value))
        .spotMaxPricePercentageOverLowestPrice(r.spotMaxPricePercentageOverLowestPrice())
        .onDemandMaxPricePercentageOverLowestPrice(r.onDemandMaxPricePercentageOverLowestPrice())
        .bareMetal(value(r.bareMetal(), Inclusion::value))
        .burstablePerformance(value(r.burstablePerformance(), Inclusion::value))
        .requireHibernateSupport(r.requireHibernateSupport())
        .networkInterfaceCount(
            SpecMapper.<NetworkInterfaceCountRequest>integer(
                r.networkInterfaceCount(),
                (min, max) -> NetworkInterfaceCountRequest.builder().min(min).max(max).build()))
        .localStorage(value(r.localStorage(), Inclusion::value))
        .localStorageTypesWithStrings(values(r.localStorageTypes(), LocalStorageType::value))
        .totalLocalStorageGB(
            SpecMapper.<TotalLocalStorageGBRequest>decimal(
                r.totalLocalStorageGB(),
                (min, max) -> TotalLocalStorageGBRequest.builder().min(min).max(max).build()))
        .baselineEbsBandwidthMbps(
            SpecMapper.<BaselineEbsBandwidthMbpsRequest>integer(
                r.baselineEbsBandwidthMbps(),
                (min, max) -> BaselineEbsBandwidthMbpsRequest.builder().min(min).max(max).build()))
        .acceleratorTypesWithStrings(values(r.acceleratorTypes(), AcceleratorType::value))
        .acceleratorCount(
            SpecMapper.<AcceleratorCountRequest>integer(
                r.acceleratorCount(),
                (min, max) -> AcceleratorCountRequest.builder().min(min).max(max).build()))
        .acceleratorManufacturersWithStrings(
            values(r.acceleratorManufacturers(), AcceleratorManufacturer::value))
        .acceleratorNamesWithStrings(values(r.acceleratorNames(), AcceleratorName::value))
        .acceleratorTotalMemoryMiB(
            SpecMapper.<AcceleratorTotalMemoryMiBRequest>integer(
                r.acceleratorTotalMemoryMiB(),
                (min, max) -> AcceleratorTotalMemoryMiBRequest.builder().min(min).max(max).build()))
        .networkBandwidthGbps(
            SpecMapper.<NetworkBandwidthGbpsRequest>decimal(
                r.networkBandwidthGbps(),
                (min, max) -> NetworkBandwidthGbpsRequest.builder().min(min).max(max).build()))
        .allowedInstanceTypes(r.allowedInstanceTypes())
        .maxSpotPriceAsPercentageOfOptimalOnDemandPrice(
            r.maxSpotPriceAsPercentageOfOptimalOnDemandPrice())
        .build();
  }

  // ---- ECS -> spec ----------------------------------------------------------------------------

  /** ECS's view of a capacity provider, its configuration in the spec's shape. */
  public static ObservedProvider observed(CapacityProvider cp) {
    Map<String, String> tags = new LinkedHashMap<>();
    cp.tags().forEach(t -> tags.put(t.key(), t.value() == null ? "" : t.value()));
    return new ObservedProvider(
        cp.capacityProviderArn(),
        cp.name(),
        cp.cluster(),
        cp.statusAsString(),
        cp.updateStatusAsString(),
        cp.updateStatusReason(),
        configuration(cp.managedInstancesProvider()),
        tags);
  }

  public static ManagedInstancesProviderSpec configuration(ManagedInstancesProvider mi) {
    if (mi == null) {
      return null;
    }
    return new ManagedInstancesProviderSpec(
        mi.infrastructureRoleArn(),
        launchTemplateSpec(mi.instanceLaunchTemplate()),
        fromValue(mi.propagateTagsAsString(), PropagateTags.values(), PropagateTags::value),
        mi.infrastructureOptimization() == null
            ? null
            : new InfrastructureOptimizationSpec(mi.infrastructureOptimization().scaleInAfter()),
        mi.autoRepairConfiguration() == null
            ? null
            : new AutoRepairConfigurationSpec(
                fromValue(
                    mi.autoRepairConfiguration().actionsStatusAsString(),
                    AutoRepairActionsStatus.values(),
                    AutoRepairActionsStatus::value)));
  }

  private static InstanceLaunchTemplateSpec launchTemplateSpec(InstanceLaunchTemplate t) {
    if (t == null) {
      return null;
    }
    return new InstanceLaunchTemplateSpec(
        t.ec2InstanceProfileArn(),
        t.networkConfiguration() == null
            ? null
            : new NetworkConfigurationSpec(
                list(t.networkConfiguration().hasSubnets(), t.networkConfiguration().subnets()),
                list(
                    t.networkConfiguration().hasSecurityGroups(),
                    t.networkConfiguration().securityGroups())),
        t.storageConfiguration() == null
            ? null
            : new StorageConfigurationSpec(t.storageConfiguration().storageSizeGiB()),
        t.localStorageConfiguration() == null
            ? null
            : new LocalStorageConfigurationSpec(t.localStorageConfiguration().useLocalStorage()),
        fromValue(t.monitoringAsString(), Monitoring.values(), Monitoring::value),
        fromValue(
            t.capacityOptionTypeAsString(), CapacityOptionType.values(), CapacityOptionType::value),
        t.capacityReservations() == null
            ? null
            : new CapacityReservationsSpec(
                t.capacityReservations().reservationGroupArn(),
                fromValue(
                    t.capacityReservations().reservationPreferenceAsString(),
                    ReservationPreference.values(),
                    ReservationPreference::value)),
        t.fipsEnabled(),
        t.instanceMetadataTagsPropagation(),
        requirementsSpec(t.instanceRequirements()));
  }

  private static InstanceRequirementsSpec requirementsSpec(InstanceRequirementsRequest r) {
    if (r == null) {
      return null;
    }
    return new InstanceRequirementsSpec(
        r.vCpuCount() == null
            ? null
            : new IntegerRangeWithMin(r.vCpuCount().min(), r.vCpuCount().max()),
        r.memoryMiB() == null
            ? null
            : new IntegerRangeWithMin(r.memoryMiB().min(), r.memoryMiB().max()),
        enums(
            r.hasCpuManufacturers(),
            r.cpuManufacturersAsStrings(),
            CpuManufacturer.values(),
            CpuManufacturer::value),
        r.memoryGiBPerVCpu() == null
            ? null
            : new DecimalRange(r.memoryGiBPerVCpu().min(), r.memoryGiBPerVCpu().max()),
        list(r.hasExcludedInstanceTypes(), r.excludedInstanceTypes()),
        enums(
            r.hasInstanceGenerations(),
            r.instanceGenerationsAsStrings(),
            InstanceGeneration.values(),
            InstanceGeneration::value),
        r.spotMaxPricePercentageOverLowestPrice(),
        r.onDemandMaxPricePercentageOverLowestPrice(),
        fromValue(r.bareMetalAsString(), Inclusion.values(), Inclusion::value),
        fromValue(r.burstablePerformanceAsString(), Inclusion.values(), Inclusion::value),
        r.requireHibernateSupport(),
        r.networkInterfaceCount() == null
            ? null
            : new IntegerRange(r.networkInterfaceCount().min(), r.networkInterfaceCount().max()),
        fromValue(r.localStorageAsString(), Inclusion.values(), Inclusion::value),
        enums(
            r.hasLocalStorageTypes(),
            r.localStorageTypesAsStrings(),
            LocalStorageType.values(),
            LocalStorageType::value),
        r.totalLocalStorageGB() == null
            ? null
            : new DecimalRange(r.totalLocalStorageGB().min(), r.totalLocalStorageGB().max()),
        r.baselineEbsBandwidthMbps() == null
            ? null
            : new IntegerRange(
                r.baselineEbsBandwidthMbps().min(), r.baselineEbsBandwidthMbps().max()),
        enums(
            r.hasAcceleratorTypes(),
            r.acceleratorTypesAsStrings(),
            AcceleratorType.values(),
            AcceleratorType::value),
        r.acceleratorCount() == null
            ? null
            : new IntegerRange(r.acceleratorCount().min(), r.acceleratorCount().max()),
        enums(
            r.hasAcceleratorManufacturers(),
            r.acceleratorManufacturersAsStrings(),
            AcceleratorManufacturer.values(),
            AcceleratorManufacturer::value),
        enums(
            r.hasAcceleratorNames(),
            r.acceleratorNamesAsStrings(),
            AcceleratorName.values(),
            AcceleratorName::value),
        r.acceleratorTotalMemoryMiB() == null
            ? null
            : new IntegerRange(
                r.acceleratorTotalMemoryMiB().min(), r.acceleratorTotalMemoryMiB().max()),
        r.networkBandwidthGbps() == null
            ? null
            : new DecimalRange(r.networkBandwidthGbps().min(), r.networkBandwidthGbps().max()),
        list(r.hasAllowedInstanceTypes(), r.allowedInstanceTypes()),
        r.maxSpotPriceAsPercentageOfOptimalOnDemandPrice());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private interface RangeBuilder<N, R> {
    R build(N min, N max);
  }

  private static <R> R integer(IntegerRange range, RangeBuilder<Integer, R> builder) {
    return range == null ? null : builder.build(range.min(), range.max());
  }

  private static <R> R decimal(DecimalRange range, RangeBuilder<Double, R> builder) {
    return range == null ? null : builder.build(range.min(), range.max());
  }

  private static <E> String value(E e, Function<E, String> wire) {
    return e == null ? null : wire.apply(e);
  }

  private static <E> List<String> values(List<E> list, Function<E, String> wire) {
    return list == null ? null : list.stream().map(wire).toList();
  }

  /** An ECS list, or null when ECS did not send it (the SDK turns absent lists into empty ones). */
  private static List<String> list(boolean present, List<String> values) {
    return present ? List.copyOf(values) : null;
  }

  private static <E> List<E> enums(
      boolean present, List<String> wire, E[] values, Function<E, String> value) {
    return present ? wire.stream().map(w -> fromValue(w, values, value)).toList() : null;
  }

  /**
   * The spec enum for an ECS wire value; a value this operator does not know (ECS added one) is an
   * error rather than silently dropped, so it shows up in status.
   */
  static <E> E fromValue(String wire, E[] values, Function<E, String> value) {
    if (wire == null) {
      return null;
    }
    return Arrays.stream(values)
        .filter(e -> value.apply(e).equals(wire))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "ECS returned '" + wire + "', which this operator version does not know"));
  }
}
