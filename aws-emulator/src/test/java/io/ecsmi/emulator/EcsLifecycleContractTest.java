package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmi.emulator.ecs.ProviderFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CapacityOptionType;
import software.amazon.awssdk.services.ecs.model.CapacityProvider;
import software.amazon.awssdk.services.ecs.model.CapacityProviderField;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStatus;
import software.amazon.awssdk.services.ecs.model.CapacityProviderType;
import software.amazon.awssdk.services.ecs.model.CapacityProviderUpdateStatus;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.DescribeCapacityProvidersResponse;
import software.amazon.awssdk.services.ecs.model.ManagedInstancesMonitoringOptions;
import software.amazon.awssdk.services.ecs.model.UpdateInProgressException;

/** ECS capacity provider lifecycle through the real {@link EcsClient}. */
class EcsLifecycleContractTest {

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

  @Test
  void createsAnActiveManagedInstancesProviderAndDescribesItWithTags() {
    CapacityProvider created =
        ecs.createCapacityProvider(
                Providers.create("prod", "general").toBuilder()
                    .tags(
                        software.amazon.awssdk.services.ecs.model.Tag.builder()
                            .key("team")
                            .value("platform")
                            .build())
                    .build())
            .capacityProvider();

    assertThat(created.capacityProviderArn())
        .isEqualTo("arn:aws:ecs:us-east-1:123456789012:capacity-provider/general");
    assertThat(created.status()).isEqualTo(CapacityProviderStatus.ACTIVE);
    assertThat(created.updateStatus()).isEqualTo(CapacityProviderUpdateStatus.CREATE_COMPLETE);
    assertThat(created.type()).isEqualTo(CapacityProviderType.MANAGED_INSTANCES);
    assertThat(created.cluster()).isEqualTo("prod");

    CapacityProvider described = describe("general", true).capacityProviders().get(0);
    assertThat(described.managedInstancesProvider().infrastructureRoleArn())
        .isEqualTo(Providers.ROLE);
    var template = described.managedInstancesProvider().instanceLaunchTemplate();
    assertThat(template.networkConfiguration().subnets())
        .containsExactly("subnet-0a1b2c", "subnet-3d4e5f");
    assertThat(template.instanceRequirements().vCpuCount().max()).isEqualTo(16);
    assertThat(template.storageConfiguration().storageSizeGiB()).isEqualTo(50);
    assertThat(described.tags())
        .singleElement()
        .satisfies(t -> assertThat(t.key()).isEqualTo("team"));
    assertThat(describe("general", false).capacityProviders().get(0).tags()).isEmpty();
  }

  @Test
  void reportsOnDemandForAnOmittedCapacityOptionTypeAndNoOtherDefault() {
    // Terraform's acceptance tests read capacity_option_type back as ON_DEMAND when not sent, and
    // propagate_tags back empty (research ecs-semantics.md §2 item 3).
    var request =
        Providers.create(
            "prod", "defaults", t -> t.monitoring((String) null).capacityOptionType((String) null));
    ecs.createCapacityProvider(
        request.toBuilder()
            .managedInstancesProvider(
                request.managedInstancesProvider().toBuilder().propagateTags((String) null).build())
            .build());

    var mi = describe("defaults", false).capacityProviders().get(0).managedInstancesProvider();
    assertThat(mi.instanceLaunchTemplate().capacityOptionType())
        .isEqualTo(CapacityOptionType.ON_DEMAND);
    assertThat(mi.propagateTags()).isNull();
    assertThat(mi.instanceLaunchTemplate().monitoring()).isNull();
    var stored = emulator.provider(REGION, "defaults").orElseThrow().managedInstancesProvider();
    assertThat(stored.has("propagateTags")).as("stored exactly as sent").isFalse();
    assertThat(stored.path("instanceLaunchTemplate").has("monitoring")).isFalse();
  }

  @Test
  void passesThroughProvisioningWhenCreationTakesTime() {
    emulator.configure(b -> b.createDelay(Duration.ofSeconds(30)));

    CapacityProvider created =
        ecs.createCapacityProvider(Providers.create("prod", "slow")).capacityProvider();

    assertThat(created.status()).isEqualTo(CapacityProviderStatus.PROVISIONING);
    assertThat(created.updateStatus()).isEqualTo(CapacityProviderUpdateStatus.CREATE_IN_PROGRESS);
    clock.advance(Duration.ofSeconds(30));
    CapacityProvider later = describe("slow", false).capacityProviders().get(0);
    assertThat(later.status()).isEqualTo(CapacityProviderStatus.ACTIVE);
    assertThat(later.updateStatus()).isEqualTo(CapacityProviderUpdateStatus.CREATE_COMPLETE);
  }

  @Test
  void updatesThroughUpdateInProgressAndRefusesAConcurrentUpdate() {
    emulator.configure(b -> b.updateDelay(Duration.ofSeconds(10)));
    ecs.createCapacityProvider(Providers.create("prod", "general"));

    CapacityProvider answer =
        ecs.updateCapacityProvider(
                Providers.update(
                    "prod",
                    "general",
                    t -> t.monitoring(ManagedInstancesMonitoringOptions.DETAILED)))
            .capacityProvider();

    assertThat(answer.updateStatus()).isEqualTo(CapacityProviderUpdateStatus.UPDATE_IN_PROGRESS);
    assertThatThrownBy(
            () -> ecs.updateCapacityProvider(Providers.update("prod", "general", t -> {})))
        .isInstanceOf(UpdateInProgressException.class);
    clock.advance(Duration.ofSeconds(10));
    CapacityProvider done = describe("general", false).capacityProviders().get(0);
    assertThat(done.updateStatus()).isEqualTo(CapacityProviderUpdateStatus.UPDATE_COMPLETE);
    assertThat(done.managedInstancesProvider().instanceLaunchTemplate().monitoring())
        .isEqualTo(ManagedInstancesMonitoringOptions.DETAILED);
    assertThat(
            done.managedInstancesProvider()
                .instanceLaunchTemplate()
                .networkConfiguration()
                .subnets())
        .containsExactly("subnet-0a1b2c");
  }

  @Test
  void keepsTheImmutableCapacityOptionTypeAndFipsAcrossUpdates() {
    ecs.createCapacityProvider(
        Providers.create(
            "prod", "spot", t -> t.capacityOptionType(CapacityOptionType.SPOT).fipsEnabled(true)));

    ecs.updateCapacityProvider(Providers.update("prod", "spot", t -> {}));

    var template =
        describe("spot", false)
            .capacityProviders()
            .get(0)
            .managedInstancesProvider()
            .instanceLaunchTemplate();
    assertThat(template.capacityOptionType()).isEqualTo(CapacityOptionType.SPOT);
    assertThat(template.fipsEnabled()).isTrue();
  }

  @Test
  void anUpdateFailsOnDemandAndKeepsTheConfigurationItHad() {
    ecs.createCapacityProvider(Providers.create("prod", "general"));
    emulator.setProviderFaults(
        REGION, "general", new ProviderFaults("insufficient capacity", null, false));

    ecs.updateCapacityProvider(
        Providers.update(
            "prod", "general", t -> t.monitoring(ManagedInstancesMonitoringOptions.DETAILED)));

    CapacityProvider failed = describe("general", false).capacityProviders().get(0);
    assertThat(failed.updateStatus()).isEqualTo(CapacityProviderUpdateStatus.UPDATE_FAILED);
    assertThat(failed.updateStatusReason()).isEqualTo("insufficient capacity");
    assertThat(failed.managedInstancesProvider().instanceLaunchTemplate().monitoring())
        .isEqualTo(ManagedInstancesMonitoringOptions.BASIC);
  }

  @Test
  void deletesThroughDeprovisioningToInactiveThenForgetsIt() {
    emulator.configure(
        b -> b.deleteDelay(Duration.ofSeconds(20)).inactiveRetention(Duration.ofMinutes(5)));
    ecs.createCapacityProvider(Providers.create("prod", "general"));

    CapacityProvider deleting =
        ecs.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod"))
            .capacityProvider();

    assertThat(deleting.status()).isEqualTo(CapacityProviderStatus.DEPROVISIONING);
    assertThat(deleting.updateStatus()).isEqualTo(CapacityProviderUpdateStatus.DELETE_IN_PROGRESS);
    assertThat(
            ecs.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod"))
                .capacityProvider()
                .status())
        .as("a repeated delete while deleting")
        .isEqualTo(CapacityProviderStatus.DEPROVISIONING);
    clock.advance(Duration.ofSeconds(20));
    CapacityProvider inactive = describe("general", false).capacityProviders().get(0);
    assertThat(inactive.status()).isEqualTo(CapacityProviderStatus.INACTIVE);
    assertThat(inactive.updateStatus()).isEqualTo(CapacityProviderUpdateStatus.DELETE_COMPLETE);
    assertThatThrownBy(
            () -> ecs.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod")))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("The specified capacity provider does not exist");
    clock.advance(Duration.ofMinutes(5));
    DescribeCapacityProvidersResponse gone = describe("general", false);
    assertThat(gone.capacityProviders()).isEmpty();
    assertThat(gone.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));
  }

  @Test
  void aNameCanBeReusedOnceTheOldProviderIsInactive() {
    ecs.createCapacityProvider(Providers.create("prod", "general"));
    ecs.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod"));

    CapacityProvider again =
        ecs.createCapacityProvider(Providers.create("prod", "general")).capacityProvider();

    assertThat(again.status()).isEqualTo(CapacityProviderStatus.ACTIVE);
  }

  @Test
  void aDeletionFailsOnDemandOrIsRefusedWhileInUse() {
    ecs.createCapacityProvider(Providers.create("prod", "general"));
    emulator.setProviderFaults(REGION, "general", new ProviderFaults(null, null, true));

    assertThatThrownBy(
            () -> ecs.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod")))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("is in use");

    emulator.setProviderFaults(
        REGION, "general", new ProviderFaults(null, "instances still draining", false));
    ecs.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod"));
    CapacityProvider failed = describe("general", false).capacityProviders().get(0);
    assertThat(failed.status()).isEqualTo(CapacityProviderStatus.ACTIVE);
    assertThat(failed.updateStatus()).isEqualTo(CapacityProviderUpdateStatus.DELETE_FAILED);
    assertThat(failed.updateStatusReason()).isEqualTo("instances still draining");

    emulator.setProviderFaults(REGION, "general", ProviderFaults.NONE);
    ecs.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod"));
    assertThat(describe("general", false).capacityProviders().get(0).status())
        .isEqualTo(CapacityProviderStatus.INACTIVE);
  }

  @Test
  void describeAnswersUpToAHundredNamesInOneCallAndReportsMissingOnes() {
    emulator.createCluster(REGION, "c2");
    emulator.createCluster(REGION, "c3");
    emulator.createCluster(REGION, "c4");
    emulator.createCluster(REGION, "c5");
    List<String> names = new ArrayList<>();
    for (String cluster : List.of("prod", "c2", "c3", "c4", "c5")) {
      for (int i = 0; i < 19; i++) {
        String name = cluster + "-cp-" + i;
        ecs.createCapacityProvider(Providers.create(cluster, name));
        names.add(name);
      }
    }
    names.addAll(IntStream.range(0, 5).mapToObj(i -> "missing-" + i).toList());

    DescribeCapacityProvidersResponse all =
        ecs.describeCapacityProviders(d -> d.capacityProviders(names));

    assertThat(all.capacityProviders()).hasSize(95);
    assertThat(all.failures()).hasSize(5);
    assertThat(all.nextToken()).isNull();
    names.add("one-too-many");
    assertThatThrownBy(() -> ecs.describeCapacityProviders(d -> d.capacityProviders(names)))
        .hasMessageContaining("at most 100");
  }

  @Test
  void describeWithTheWrongClusterDoesNotFindTheProvider() {
    emulator.createCluster(REGION, "other");
    ecs.createCapacityProvider(Providers.create("prod", "general"));

    var response =
        ecs.describeCapacityProviders(d -> d.cluster("other").capacityProviders("general"));

    assertThat(response.capacityProviders()).isEmpty();
    assertThat(response.failures()).hasSize(1);
  }

  @Test
  void listingPagesWithNextToken() {
    for (int i = 0; i < 13; i++) {
      ecs.createCapacityProvider(Providers.create("prod", "cp-" + i));
    }

    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      var page =
          ecs.describeCapacityProviders(d -> d.cluster("prod").maxResults(5).nextToken(next));
      page.capacityProviders().forEach(p -> seen.add(p.name()));
      token = page.nextToken();
      pages++;
    } while (token != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(13).doesNotHaveDuplicates();
    assertThatThrownBy(
            () -> ecs.describeCapacityProviders(d -> d.cluster("prod").nextToken("bogus")))
        .hasMessageContaining("nextToken");
  }

  @Test
  void regionsAreSeparateButShareTheAccount() {
    emulator.createCluster("eu-west-1", "prod");
    try (EcsClient eu = Sdk.ecs(emulator.endpoint(), "eu-west-1")) {
      eu.createCapacityProvider(Providers.create("prod", "general"));
      ecs.createCapacityProvider(Providers.create("prod", "general"));

      assertThat(
              eu.describeCapacityProviders(d -> d.capacityProviders("general"))
                  .capacityProviders()
                  .get(0)
                  .capacityProviderArn())
          .startsWith("arn:aws:ecs:eu-west-1:");
      assertThat(emulator.providers()).hasSize(2);
    }
  }

  @Test
  void driftChangesTheConfigurationBehindTheCallersBack() {
    ecs.createCapacityProvider(Providers.create("prod", "general"));

    emulator.driftConfiguration(
        REGION, "general", "{\"instanceLaunchTemplate\":{\"monitoring\":\"DETAILED\"}}");
    emulator.driftTags(REGION, "general", java.util.Map.of("rogue", "yes"));

    CapacityProvider drifted = describe("general", true).capacityProviders().get(0);
    assertThat(drifted.managedInstancesProvider().instanceLaunchTemplate().monitoring())
        .isEqualTo(ManagedInstancesMonitoringOptions.DETAILED);
    assertThat(drifted.tags()).anySatisfy(t -> assertThat(t.key()).isEqualTo("rogue"));
    assertThat(drifted.updateStatus()).isEqualTo(CapacityProviderUpdateStatus.CREATE_COMPLETE);
  }

  private DescribeCapacityProvidersResponse describe(String name, boolean tags) {
    return ecs.describeCapacityProviders(
        d -> {
          d.cluster("prod").capacityProviders(name);
          if (tags) {
            d.include(CapacityProviderField.TAGS);
          }
        });
  }
}
