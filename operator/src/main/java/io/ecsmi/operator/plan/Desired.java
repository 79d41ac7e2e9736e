package io.ecsmi.operator.plan;

import io.ecsmi.operator.api.v1alpha1.AdoptionPolicy;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.api.v1alpha1.CapacityProviderSpec;
import io.ecsmi.operator.api.v1alpha1.DeletionPolicy;
import io.ecsmi.operator.api.v1alpha1.ManagementPolicy;
import io.ecsmi.operator.aws.DesiredProvider;
import io.ecsmi.operator.aws.Ownership;
import io.ecsmi.operator.aws.Partition;
import io.ecsmi.operator.aws.ProviderKey;
import io.ecsmi.operator.config.OperatorConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a CapacityProvider resource asks for, with the operator's defaults applied: the ECS name
 * (spec.name or metadata.name), the region and its partition, every tag (the user's and the
 * ownership tags) and the policies.
 *
 * @param partition the region's partition; empty for a region the operator does not support
 */
public record Desired(
    DesiredProvider provider,
    Ownership ownership,
    DeletionPolicy deletion,
    AdoptionPolicy adoption,
    ManagementPolicy management,
    Optional<Partition> partition) {

  /** Where a resource's provider is: its region, cluster and ECS name (cheap: no spec mapping). */
  public static ProviderKey keyOf(CapacityProvider resource, OperatorConfig config) {
    CapacityProviderSpec spec = resource.getSpec();
    String name = spec.name() != null ? spec.name() : resource.getMetadata().getName();
    String region =
        spec.region() != null ? spec.region() : regionOfStatus(resource).orElse(config.region());
    return new ProviderKey(region, spec.cluster(), name);
  }

  public static Desired of(CapacityProvider resource, OperatorConfig config) {
    CapacityProviderSpec spec = resource.getSpec();
    var metadata = resource.getMetadata();
    ProviderKey key = keyOf(resource, config);
    String region = key.region();
    Ownership ownership =
        new Ownership(
            config.clusterId(),
            metadata.getNamespace() + "/" + metadata.getName(),
            metadata.getUid());
    Map<String, String> tags = new LinkedHashMap<>();
    if (spec.tags() != null) {
      tags.putAll(spec.tags());
    }
    tags.putAll(ownership.tags());
    return new Desired(
        new DesiredProvider(key, spec.managedInstancesProvider(), tags),
        ownership,
        Objects.requireNonNullElse(spec.deletionPolicy(), config.defaultDeletionPolicy()),
        Objects.requireNonNullElse(spec.adoptionPolicy(), AdoptionPolicy.NONE),
        Objects.requireNonNullElse(spec.managementPolicy(), ManagementPolicy.FULL),
        Partition.of(region));
  }

  /**
   * The region in status's ARN: once created, a provider stays where it is even if the operator's
   * default region changes.
   */
  private static Optional<String> regionOfStatus(CapacityProvider resource) {
    var status = resource.getStatus();
    if (status == null || status.capacityProviderArn() == null) {
      return Optional.empty();
    }
    String[] parts = status.capacityProviderArn().split(":", 6);
    return parts.length == 6 && !parts[3].isEmpty() ? Optional.of(parts[3]) : Optional.empty();
  }

  public ProviderKey key() {
    return provider.key();
  }

  /** "name in cluster prod (eu-west-1)", for messages. */
  public String describe() {
    return key().name() + " in cluster " + key().cluster() + " (" + key().region() + ")";
  }
}
