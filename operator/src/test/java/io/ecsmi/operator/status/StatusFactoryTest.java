package io.ecsmi.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.api.v1alpha1.CapacityProviderStatus;
import io.ecsmi.operator.api.v1alpha1.Condition;
import io.ecsmi.operator.status.Outcome.AwsState;
import io.ecsmi.operator.status.Outcome.Part;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusFactoryTest {

  private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

  private static List<String> shape(CapacityProviderStatus status) {
    return status.conditions().stream()
        .map(c -> c.type() + "=" + c.status() + ":" + c.reason())
        .toList();
  }

  @Test
  void readyIsKstatusCurrent() {
    CapacityProviderStatus status =
        StatusFactory.next(
            null,
            Outcome.ready("ok")
                .withRole(Part.yes("Ready", "exists"), "arn:role")
                .withSynced(Part.yes("InSync", "ok"))
                .withAws(new AwsState("arn:cp", "ACTIVE", "CREATE_COMPLETE", null)),
            3L,
            now);

    assertThat(shape(status))
        .containsExactly(
            "Ready=True:Ready",
            "Reconciling=False:Ready",
            "Stalled=False:Ready",
            "ServiceLinkedRoleReady=True:Ready",
            "CapacityProviderSynced=True:InSync");
    assertThat(status.observedGeneration()).isEqualTo(3L);
    assertThat(status.capacityProviderArn()).isEqualTo("arn:cp");
    assertThat(status.serviceLinkedRoleArn()).isEqualTo("arn:role");
    assertThat(status.lastSyncTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(status.conditions())
        .allSatisfy(c -> assertThat(c.observedGeneration()).isEqualTo(3L));
  }

  @Test
  void reconcilingAndStalledAreExclusive() {
    CapacityProviderStatus reconciling =
        StatusFactory.next(null, Outcome.reconciling("Updating", "updating x"), 1L, now);
    CapacityProviderStatus stalled =
        StatusFactory.next(reconciling, Outcome.stalled("AccessDenied", "grant ecs:X"), 1L, now);

    assertThat(shape(reconciling))
        .containsExactly(
            "Ready=False:Updating", "Reconciling=True:Updating", "Stalled=False:Updating");
    assertThat(shape(stalled))
        .containsExactly(
            "Ready=False:AccessDenied",
            "Reconciling=False:AccessDenied",
            "Stalled=True:AccessDenied");
    assertThat(Conditions.find(stalled.conditions(), "Stalled").message()).isEqualTo("grant ecs:X");
  }

  @Test
  void partsLeftOutKeepWhatStatusSaidBefore() {
    CapacityProviderStatus before =
        StatusFactory.next(
            null,
            Outcome.ready("ok")
                .withAws(new AwsState("arn:cp", "ACTIVE", "UPDATE_COMPLETE", null))
                .withDrift(List.of("managedInstancesProvider.propagateTags"))
                .withAdopted(true),
            1L,
            now);

    CapacityProviderStatus after =
        StatusFactory.next(before, Outcome.reconciling("AwsRetrying", "throttled"), 1L, now);

    assertThat(after.capacityProviderArn()).isEqualTo("arn:cp");
    assertThat(after.updateStatus()).isEqualTo("UPDATE_COMPLETE");
    assertThat(after.drift()).containsExactly("managedInstancesProvider.propagateTags");
    assertThat(after.adopted()).isTrue();
    assertThat(StatusFactory.next(after, Outcome.ready("ok").withDrift(List.of()), 1L, now).drift())
        .isNull();
  }

  @Test
  void anUnchangedStatusIsNotPatchedUntilItsSyncTimeIsStale() {
    Outcome ready = Outcome.ready("ok").withSynced(Part.yes("InSync", "ok"));
    CapacityProviderStatus first = StatusFactory.next(null, ready, 1L, now);
    CapacityProviderStatus soon = StatusFactory.next(first, ready, 1L, now.plusSeconds(30));
    CapacityProviderStatus later =
        StatusFactory.next(first, ready, 1L, now.plus(Duration.ofMinutes(6)));
    CapacityProviderStatus changed =
        StatusFactory.next(first, Outcome.reconciling("Updating", "x"), 1L, now.plusSeconds(30));

    assertThat(StatusFactory.worthPatching(null, first, Duration.ofMinutes(5))).isTrue();
    assertThat(StatusFactory.worthPatching(first, soon, Duration.ofMinutes(5))).isFalse();
    assertThat(StatusFactory.worthPatching(first, later, Duration.ofMinutes(5))).isTrue();
    assertThat(StatusFactory.worthPatching(first, changed, Duration.ofMinutes(5))).isTrue();
  }

  @Test
  void aConditionThatKeepsItsStatusKeepsItsTransitionTime() {
    CapacityProviderStatus first =
        StatusFactory.next(null, Outcome.reconciling("Creating", "a"), 1L, now);
    CapacityProviderStatus second =
        StatusFactory.next(first, Outcome.reconciling("Updating", "b"), 2L, now.plusSeconds(60));

    Condition ready = Conditions.find(second.conditions(), "Ready");
    assertThat(ready.lastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(ready.observedGeneration()).isEqualTo(2L);
  }
}
