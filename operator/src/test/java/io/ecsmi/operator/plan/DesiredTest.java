package io.ecsmi.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.api.v1alpha1.AdoptionPolicy;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.api.v1alpha1.CapacityProviderStatus;
import io.ecsmi.operator.api.v1alpha1.DeletionPolicy;
import io.ecsmi.operator.api.v1alpha1.ManagementPolicy;
import io.ecsmi.operator.aws.ProviderKey;
import io.ecsmi.operator.config.OperatorConfig;
import io.ecsmi.operator.testing.Samples;
import org.junit.jupiter.api.Test;

class DesiredTest {

  private final OperatorConfig config = OperatorConfig.defaults("us-east-1");

  private static CapacityProvider sample(String file) {
    CapacityProvider cp = Samples.load(file);
    cp.getMetadata().setNamespace("platform");
    cp.getMetadata().setUid("uid-1");
    return cp;
  }

  @Test
  void defaultsTheNameRegionAndPolicies() {
    Desired desired = Desired.of(sample("minimal.yaml"), config);

    assertThat(desired.key()).isEqualTo(new ProviderKey("us-east-1", "prod", "minimal"));
    assertThat(desired.deletion()).isEqualTo(DeletionPolicy.DELETE);
    assertThat(desired.adoption()).isEqualTo(AdoptionPolicy.NONE);
    assertThat(desired.management()).isEqualTo(ManagementPolicy.FULL);
    assertThat(desired.provider().tags())
        .containsEntry("ecsmi.io/owner", "platform/minimal")
        .containsEntry("ecsmi.io/uid", "uid-1")
        .containsEntry("ecsmi.io/owner-cluster", "kubernetes");
  }

  @Test
  void theSpecWinsOverDefaultsAndTheTagsAreTheUsersPlusOwnership() {
    Desired desired = Desired.of(sample("full.yaml"), config);

    assertThat(desired.key())
        .isEqualTo(
            new ProviderKey(
                "eu-west-1",
                "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
                "general-purpose-euw1"));
    assertThat(desired.provider().tags().keySet())
        .containsExactlyInAnyOrder(
            "team", "cost-center", "ecsmi.io/owner", "ecsmi.io/owner-cluster", "ecsmi.io/uid");
    assertThat(Desired.of(sample("retained-adopted.yaml"), config).deletion())
        .isEqualTo(DeletionPolicy.RETAIN);
  }

  @Test
  void aCreatedProviderStaysInItsRegionWhenTheDefaultChanges() {
    CapacityProvider cp = sample("minimal.yaml");
    cp.setStatus(
        CapacityProviderStatus.builder()
            .capacityProviderArn("arn:aws:ecs:ap-south-1:123456789012:capacity-provider/minimal")
            .build());

    assertThat(Desired.of(cp, config).key().region()).isEqualTo("ap-south-1");
  }
}
