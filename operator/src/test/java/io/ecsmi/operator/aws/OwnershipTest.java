package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.aws.Ownership.Claim;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnershipTest {

  private final Ownership ours = new Ownership("prod-k8s", "platform/general", "uid-1");

  @Test
  void tellsWhoOwnsAProviderFromItsTags() {
    assertThat(ours.claimOf(ours.tags())).isEqualTo(Claim.OURS);
    assertThat(ours.claimOf(Map.of("team", "x"))).isEqualTo(Claim.UNCLAIMED);
    assertThat(ours.claimOf(new Ownership("prod-k8s", "platform/general", "uid-0").tags()))
        .isEqualTo(Claim.EARLIER_INCARNATION);
    assertThat(ours.claimOf(new Ownership("prod-k8s", "other/general", "uid-2").tags()))
        .isEqualTo(Claim.FOREIGN);
    assertThat(ours.claimOf(new Ownership("staging-k8s", "platform/general", "uid-3").tags()))
        .isEqualTo(Claim.FOREIGN);
  }

  @Test
  void describesTheOwnerForMessages() {
    assertThat(Ownership.describeOwner(ours.tags()))
        .isEqualTo("platform/general in cluster prod-k8s (uid uid-1)");
  }
}
