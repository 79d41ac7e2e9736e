package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.Behaviour.OmittedOnUpdate;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.BurstablePerformance;
import software.amazon.awssdk.services.ecs.model.CapacityOptionType;
import software.amazon.awssdk.services.ecs.model.CapacityProvider;
import software.amazon.awssdk.services.ecs.model.CapacityProviderUpdateStatus;
import software.amazon.awssdk.services.ecs.model.CreateCapacityProviderRequest;
import software.amazon.awssdk.services.ecs.model.ManagedInstancesMonitoringOptions;
import software.amazon.awssdk.services.ecs.model.ManagedInstancesProvider;
import software.amazon.awssdk.services.ecs.model.ManagedInstancesStorageConfiguration;
import software.amazon.awssdk.services.ecs.model.PropagateMITags;

/**
 * What UpdateCapacityProvider does with members the request omits, in both readings AWS leaves open
 * ({@link OmittedOnUpdate}), and the stale-response fault.
 */
class EcsUpdateSemanticsContractTest {

  private static final String REGION = "us-east-1";

  private final ManualClock clock = new ManualClock();
  private final AwsEmulator emulator = AwsEmulator.builder().clock(clock).start();
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

  /** A provider with every optional member the update form can omit set. */
  private void createFullySpecified() {
    CreateCapacityProviderRequest request =
        Providers.create(
            "prod",
            "general",
            t ->
                t.capacityOptionType(CapacityOptionType.SPOT)
                    .fipsEnabled(true)
                    .monitoring(ManagedInstancesMonitoringOptions.DETAILED)
                    .instanceMetadataTagsPropagation(false)
                    .instanceRequirements(
                        r ->
                            r.vCpuCount(v -> v.min(2).max(16))
                                .memoryMiB(m -> m.min(4096))
                                .burstablePerformance(BurstablePerformance.EXCLUDED)));
    ecs.createCapacityProvider(
        request.toBuilder()
            .managedInstancesProvider(
                request.managedInstancesProvider().toBuilder()
                    .infrastructureOptimization(o -> o.scaleInAfter(300))
                    .build())
            .build());
  }

  /** An update that sends the required members, new subnets and only part of the requirements. */
  private CapacityProvider updateSparsely() {
    return ecs.updateCapacityProvider(
            Providers.update(
                "prod",
                "general",
                t ->
                    t.storageConfiguration((ManagedInstancesStorageConfiguration) null)
                        .networkConfiguration(n -> n.subnets("subnet-9z").securityGroups("sg-9z"))
                        .instanceRequirements(
                            r -> r.vCpuCount(v -> v.min(4)).memoryMiB(m -> m.min(8192)))))
        .capacityProvider();
  }

  private ManagedInstancesProvider described() {
    return ecs.describeCapacityProviders(d -> d.cluster("prod").capacityProviders("general"))
        .capacityProviders()
        .get(0)
        .managedInstancesProvider();
  }

  @Test
  void byDefaultAnUpdateResetsEveryOptionalMemberItOmits() {
    createFullySpecified();

    updateSparsely();

    ManagedInstancesProvider mi = described();
    var template = mi.instanceLaunchTemplate();
    assertThat(mi.propagateTags()).isNull();
    assertThat(mi.infrastructureOptimization()).isNull();
    assertThat(template.monitoring()).isNull();
    assertThat(template.storageConfiguration()).isNull();
    assertThat(template.instanceMetadataTagsPropagation()).isNull();
    assertThat(template.instanceRequirements().vCpuCount().max()).isNull();
    assertThat(template.instanceRequirements().burstablePerformance()).isNull();
    assertThat(template.networkConfiguration().subnets()).containsExactly("subnet-9z");
    assertThat(template.capacityOptionType()).as("create-only").isEqualTo(CapacityOptionType.SPOT);
    assertThat(template.fipsEnabled()).as("create-only").isTrue();
  }

  @Test
  void keepMergesTheUpdateOverTheStoredConfiguration() {
    emulator.configure(b -> b.omittedOnUpdate(OmittedOnUpdate.KEEP));
    createFullySpecified();

    updateSparsely();

    ManagedInstancesProvider mi = described();
    var template = mi.instanceLaunchTemplate();
    assertThat(mi.propagateTags()).isEqualTo(PropagateMITags.CAPACITY_PROVIDER);
    assertThat(mi.infrastructureOptimization().scaleInAfter()).isEqualTo(300);
    assertThat(template.monitoring()).isEqualTo(ManagedInstancesMonitoringOptions.DETAILED);
    assertThat(template.instanceMetadataTagsPropagation()).isFalse();
    assertThat(template.storageConfiguration().storageSizeGiB()).isEqualTo(50);
    assertThat(template.instanceRequirements().vCpuCount().min())
        .as("objects merge member by member")
        .isEqualTo(4);
    assertThat(template.instanceRequirements().vCpuCount().max()).isEqualTo(16);
    assertThat(template.instanceRequirements().burstablePerformance())
        .isEqualTo(BurstablePerformance.EXCLUDED);
    assertThat(template.networkConfiguration().subnets())
        .as("lists replace")
        .containsExactly("subnet-9z");
    assertThat(template.capacityOptionType()).isEqualTo(CapacityOptionType.SPOT);
    assertThat(template.fipsEnabled()).isTrue();
  }

  @Test
  void keepStillChangesWhatTheUpdateSends() {
    emulator.configure(b -> b.omittedOnUpdate(OmittedOnUpdate.KEEP));
    createFullySpecified();

    ecs.updateCapacityProvider(
        Providers.update(
            "prod", "general", t -> t.monitoring(ManagedInstancesMonitoringOptions.BASIC)));

    assertThat(described().instanceLaunchTemplate().monitoring())
        .isEqualTo(ManagedInstancesMonitoringOptions.BASIC);
  }

  @Test
  void staleUpdateResponsesAnswerWithTheProviderAsItWasWhileTheStateMovesOn() {
    emulator.configure(b -> b.staleUpdateResponses(true).updateDelay(Duration.ofSeconds(10)));
    ecs.createCapacityProvider(Providers.create("prod", "general"));

    CapacityProvider answer =
        ecs.updateCapacityProvider(
                Providers.update(
                    "prod",
                    "general",
                    t -> t.monitoring(ManagedInstancesMonitoringOptions.DETAILED)))
            .capacityProvider();

    assertThat(answer.updateStatus()).isEqualTo(CapacityProviderUpdateStatus.CREATE_COMPLETE);
    assertThat(answer.managedInstancesProvider().instanceLaunchTemplate().monitoring())
        .isEqualTo(ManagedInstancesMonitoringOptions.BASIC);
    CapacityProvider reread =
        ecs.describeCapacityProviders(d -> d.cluster("prod").capacityProviders("general"))
            .capacityProviders()
            .get(0);
    assertThat(reread.updateStatus()).isEqualTo(CapacityProviderUpdateStatus.UPDATE_IN_PROGRESS);
    assertThat(reread.managedInstancesProvider().instanceLaunchTemplate().monitoring())
        .isEqualTo(ManagedInstancesMonitoringOptions.DETAILED);
    clock.advance(Duration.ofSeconds(10));
    assertThat(emulator.provider(REGION, "general").orElseThrow().updateStatus())
        .isEqualTo("UPDATE_COMPLETE");
  }

  @Test
  void withoutTheFaultTheAnswerIsTheUpdatedProvider() {
    ecs.createCapacityProvider(Providers.create("prod", "general"));

    CapacityProvider answer =
        ecs.updateCapacityProvider(
                Providers.update(
                    "prod",
                    "general",
                    t -> t.monitoring(ManagedInstancesMonitoringOptions.DETAILED)))
            .capacityProvider();

    assertThat(answer.managedInstancesProvider().instanceLaunchTemplate().monitoring())
        .isEqualTo(ManagedInstancesMonitoringOptions.DETAILED);
  }
}
