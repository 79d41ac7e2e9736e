package io.ecsmi.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private final Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
  private final Instant t2 = Instant.parse("2026-01-01T00:05:00Z");

  @Test
  void theTransitionTimeMovesOnlyWhenTheStatusChanges() {
    List<Condition> first =
        Conditions.set(List.of(), "Ready", "False", "Creating", "creating", 1L, t1);
    List<Condition> sameStatus =
        Conditions.set(first, "Ready", "False", "Updating", "updating", 2L, t2);
    List<Condition> flipped = Conditions.set(sameStatus, "Ready", "True", "Ready", "ok", 2L, t2);

    assertThat(sameStatus.get(0).lastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(sameStatus.get(0).reason()).isEqualTo("Updating");
    assertThat(sameStatus.get(0).observedGeneration()).isEqualTo(2L);
    assertThat(flipped.get(0).lastTransitionTime()).isEqualTo("2026-01-01T00:05:00Z");
  }

  @Test
  void conditionsKeepTheirDocumentedOrder() {
    List<Condition> conditions = List.of();
    for (String type :
        List.of(
            "CapacityProviderSynced",
            "Stalled",
            "Ready",
            "ServiceLinkedRoleReady",
            "Reconciling")) {
      conditions = Conditions.set(conditions, type, "False", "R", "m", 1L, t1);
    }

    assertThat(conditions)
        .extracting(Condition::type)
        .containsExactly(
            "Ready", "Reconciling", "Stalled", "ServiceLinkedRoleReady", "CapacityProviderSynced");
    assertThat(Conditions.isTrue(conditions, "Ready")).isFalse();
    assertThat(Conditions.find(conditions, "Nope")).isNull();
  }
}
