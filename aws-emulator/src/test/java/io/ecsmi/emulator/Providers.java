package io.ecsmi.emulator;

import java.util.function.Consumer;
import software.amazon.awssdk.services.ecs.model.CapacityOptionType;
import software.amazon.awssdk.services.ecs.model.CreateCapacityProviderRequest;
import software.amazon.awssdk.services.ecs.model.CreateManagedInstancesProviderConfiguration;
import software.amazon.awssdk.services.ecs.model.InstanceLaunchTemplate;
import software.amazon.awssdk.services.ecs.model.InstanceLaunchTemplateUpdate;
import software.amazon.awssdk.services.ecs.model.ManagedInstancesMonitoringOptions;
import software.amazon.awssdk.services.ecs.model.PropagateMITags;
import software.amazon.awssdk.services.ecs.model.UpdateCapacityProviderRequest;
import software.amazon.awssdk.services.ecs.model.UpdateManagedInstancesProviderConfiguration;

/** Request fixtures: a valid Managed Instances provider, changed per test. */
final class Providers {

  static final String ROLE = "arn:aws:iam::123456789012:role/ecsInfrastructureRole";
  static final String PROFILE = "arn:aws:iam::123456789012:instance-profile/ecsInstanceRole";

  private Providers() {}

  static CreateCapacityProviderRequest create(String cluster, String name) {
    return create(cluster, name, t -> {});
  }

  /** A valid provider whose role and instance profile ARNs are in {@code partition}. */
  static CreateCapacityProviderRequest createIn(String partition, String cluster, String name) {
    CreateCapacityProviderRequest request =
        create(
            cluster,
            name,
            t -> t.ec2InstanceProfileArn(PROFILE.replace("arn:aws:", "arn:" + partition + ":")));
    return request.toBuilder()
        .managedInstancesProvider(
            request.managedInstancesProvider().toBuilder()
                .infrastructureRoleArn(ROLE.replace("arn:aws:", "arn:" + partition + ":"))
                .build())
        .build();
  }

  static CreateCapacityProviderRequest create(
      String cluster, String name, Consumer<InstanceLaunchTemplate.Builder> template) {
    InstanceLaunchTemplate.Builder t = launchTemplate();
    template.accept(t);
    return CreateCapacityProviderRequest.builder()
        .name(name)
        .cluster(cluster)
        .managedInstancesProvider(
            CreateManagedInstancesProviderConfiguration.builder()
                .infrastructureRoleArn(ROLE)
                .instanceLaunchTemplate(t.build())
                .propagateTags(PropagateMITags.CAPACITY_PROVIDER)
                .build())
        .build();
  }

  static InstanceLaunchTemplate.Builder launchTemplate() {
    return InstanceLaunchTemplate.builder()
        .ec2InstanceProfileArn(PROFILE)
        .networkConfiguration(
            n -> n.subnets("subnet-0a1b2c", "subnet-3d4e5f").securityGroups("sg-0123"))
        .storageConfiguration(s -> s.storageSizeGiB(50))
        .monitoring(ManagedInstancesMonitoringOptions.BASIC)
        .capacityOptionType(CapacityOptionType.ON_DEMAND)
        .instanceRequirements(r -> r.vCpuCount(v -> v.min(2).max(16)).memoryMiB(m -> m.min(4096)));
  }

  static UpdateCapacityProviderRequest update(
      String cluster, String name, Consumer<InstanceLaunchTemplateUpdate.Builder> template) {
    InstanceLaunchTemplateUpdate.Builder t =
        InstanceLaunchTemplateUpdate.builder()
            .ec2InstanceProfileArn(PROFILE)
            .networkConfiguration(n -> n.subnets("subnet-0a1b2c").securityGroups("sg-0123"))
            .storageConfiguration(s -> s.storageSizeGiB(50))
            .instanceRequirements(
                r -> r.vCpuCount(v -> v.min(2).max(16)).memoryMiB(m -> m.min(4096)));
    template.accept(t);
    return UpdateCapacityProviderRequest.builder()
        .name(name)
        .cluster(cluster)
        .managedInstancesProvider(
            UpdateManagedInstancesProviderConfiguration.builder()
                .infrastructureRoleArn(ROLE)
                .instanceLaunchTemplate(t.build())
                .build())
        .build();
  }
}
