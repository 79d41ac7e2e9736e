package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;

/**
 * Deleting a cluster out of band: refused while providers are attached, then "Cluster not found."
 */
class ClusterDeletionContractTest {

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
  void aClusterIsNotDeletedWhileItsProvidersAreAttached() {
    emulator.configure(b -> b.deleteDelay(Duration.ofSeconds(20)));
    ecs.createCapacityProvider(Providers.create("prod", "general"));

    assertThatThrownBy(() -> emulator.deleteCluster(REGION, "prod"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "The Cluster cannot be deleted while Cluster Scoped Capacity Providers are attached to"
                + " the cluster")
        .hasMessageContaining("general");

    ecs.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod"));
    assertThatThrownBy(() -> emulator.deleteCluster(REGION, "prod"))
        .as("a DEPROVISIONING provider is still attached")
        .isInstanceOf(IllegalStateException.class);
    clock.advance(Duration.ofSeconds(20));
    emulator.deleteCluster(REGION, "prod");

    assertThat(emulator.clusters().get(REGION)).isEmpty();
  }

  @Test
  void afterwardsEveryCallNamingTheClusterSaysClusterNotFound() {
    emulator.deleteCluster(REGION, "prod");

    for (Consumer<EcsClient> call :
        java.util.List.<Consumer<EcsClient>>of(
            c -> c.createCapacityProvider(Providers.create("prod", "general")),
            c -> c.updateCapacityProvider(Providers.update("prod", "general", t -> {})),
            c -> c.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod")),
            c -> c.describeCapacityProviders(d -> d.cluster("prod")))) {
      assertThatThrownBy(() -> call.accept(ecs))
          .isInstanceOfSatisfying(
              ClusterNotFoundException.class,
              e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cluster not found."));
    }
  }

  @Test
  void anUnknownClusterCannotBeDeletedAndADeletedOneCanBeCreatedAgain() {
    assertThatThrownBy(() -> emulator.deleteCluster(REGION, "nope"))
        .isInstanceOf(IllegalArgumentException.class);

    emulator.deleteCluster(REGION, "prod");
    emulator.createCluster(REGION, "prod");

    ecs.createCapacityProvider(Providers.create("prod", "general"));
  }
}
