package io.ecsmi.operator.status;

import io.ecsmi.operator.api.v1alpha1.CapacityProviderStatus;
import io.ecsmi.operator.api.v1alpha1.Condition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/** Turns a reconcile's {@link Outcome} into status: pure, so it is tested without Kubernetes. */
public final class StatusFactory {

  private StatusFactory() {}

  public static CapacityProviderStatus next(
      CapacityProviderStatus previous, Outcome outcome, Long generation, Instant now) {
    CapacityProviderStatus before =
        previous == null ? CapacityProviderStatus.builder().build() : previous;
    List<Condition> conditions = before.conditions();
    boolean ready = outcome.progress() == Outcome.Progress.READY;
    boolean reconciling = outcome.progress() == Outcome.Progress.RECONCILING;
    boolean stalled = outcome.progress() == Outcome.Progress.STALLED;
    conditions =
        Conditions.set(
            conditions,
            Conditions.READY,
            ready ? Conditions.TRUE : Conditions.FALSE,
            outcome.reason(),
            outcome.message(),
            generation,
            now);
    conditions =
        Conditions.set(
            conditions,
            Conditions.RECONCILING,
            reconciling ? Conditions.TRUE : Conditions.FALSE,
            outcome.reason(),
            reconciling ? outcome.message() : "no work in flight",
            generation,
            now);
    conditions =
        Conditions.set(
            conditions,
            Conditions.STALLED,
            stalled ? Conditions.TRUE : Conditions.FALSE,
            outcome.reason(),
            stalled ? outcome.message() : "not stalled",
            generation,
            now);
    if (outcome.role() != null) {
      conditions = set(conditions, Conditions.ROLE_READY, outcome.role(), generation, now);
    }
    if (outcome.synced() != null) {
      conditions = set(conditions, Conditions.SYNCED, outcome.synced(), generation, now);
    }
    var next = before.toBuilder().observedGeneration(generation).conditions(conditions);
    if (outcome.roleArn() != null) {
      next.serviceLinkedRoleArn(outcome.roleArn());
    }
    if (outcome.aws() != null) {
      next.capacityProviderArn(outcome.aws().arn())
          .awsStatus(outcome.aws().status())
          .updateStatus(outcome.aws().updateStatus())
          .updateStatusReason(outcome.aws().updateStatusReason());
    }
    if (outcome.adopted() != null) {
      next.adopted(outcome.adopted());
    }
    if (outcome.drift() != null) {
      next.drift(outcome.drift().isEmpty() ? null : List.copyOf(outcome.drift()));
    }
    next.lastSyncTime(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
    return next.build();
  }

  /**
   * Whether {@code next} is worth a status patch: anything but {@code lastSyncTime} changed, or
   * that is older than {@code refresh} (so it stays roughly true without a write per poll).
   */
  public static boolean worthPatching(
      CapacityProviderStatus previous, CapacityProviderStatus next, Duration refresh) {
    if (previous == null) {
      return true;
    }
    if (!Objects.equals(
        previous.toBuilder().lastSyncTime(null).build(),
        next.toBuilder().lastSyncTime(null).build())) {
      return true;
    }
    if (previous.lastSyncTime() == null) {
      return true;
    }
    return Duration.between(
                Instant.parse(previous.lastSyncTime()), Instant.parse(next.lastSyncTime()))
            .compareTo(refresh)
        >= 0;
  }

  private static List<Condition> set(
      List<Condition> conditions, String type, Outcome.Part part, Long generation, Instant now) {
    return Conditions.set(
        conditions, type, part.status(), part.reason(), part.message(), generation, now);
  }
}
