package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.aws.CapacityProviders;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinators;
import io.ecsmi.operator.plan.Action;
import io.ecsmi.operator.plan.CleanupPlanner;
import io.ecsmi.operator.plan.CleanupPlanner.Departure;
import io.ecsmi.operator.plan.Desired;
import io.ecsmi.operator.plan.Plan;
import io.ecsmi.operator.status.Outcome;
import java.time.Duration;
import java.util.Optional;

/**
 * The finalizer {@code ecsmi.io/cleanup}, the executor: describes the provider, carries out what
 * {@link CleanupPlanner} decides (delete it, then the service-linked role's last-one-out step) and
 * says whether the finalizer can go.
 */
final class Cleanup {

  /** Done (remove the finalizer) or not yet (keep it, report, look again). */
  record Result(boolean done, Optional<Outcome> outcome, Duration requeue) {

    static Result finished() {
      return new Result(true, Optional.empty(), Duration.ZERO);
    }
  }

  private static final String DELETE = "DeleteCapacityProvider";

  private final CapacityProviders providers;
  private final ServiceLinkedRoleCoordinators roles;
  private final Effects effects;
  private final WriteSlots slots;
  private final Observations observations;

  Cleanup(
      CapacityProviders providers,
      ServiceLinkedRoleCoordinators roles,
      Effects effects,
      WriteSlots slots,
      Observations observations) {
    this.observations = observations;
    this.providers = providers;
    this.roles = roles;
    this.effects = effects;
    this.slots = slots;
  }

  Result run(CapacityProvider resource, Desired desired) {
    boolean hadProvider =
        resource.getStatus() != null && resource.getStatus().capacityProviderArn() != null;
    Plan plan =
        CleanupPlanner.beforeAws(desired).orElseGet(() -> plan(resource, desired, hadProvider));
    if (plan.actions().isEmpty()) {
      effects.recordAll(resource, plan);
    }
    if (plan.finished()) {
      effects.forget(resource);
      observations.forget(resource.getMetadata().getUid(), desired.key());
      return Result.finished();
    }
    return new Result(
        false,
        Optional.ofNullable(plan.outcome()),
        effects.requeue(resource, plan).orElse(Duration.ofMinutes(1)));
  }

  private Plan plan(CapacityProvider resource, Desired desired, boolean hadProvider) {
    String uid = resource.getMetadata().getUid();
    long generation = resource.getMetadata().getGeneration();
    // At its reserved slot, the delete goes out on what the reconcile that reserved it saw.
    Optional<WriteSlots.Ticket> ticket = slots.due(uid, generation);
    Plan plan;
    try {
      Optional<ObservedProvider> found =
          ticket.isPresent()
              ? ticket.get().observed()
              : observations.observe(uid, desired.key()).provider();
      plan =
          CleanupPlanner.plan(
              new Departure(desired, found, hadProvider, effects.refusedRetryDue(resource)));
      boolean deletes = plan.actions().stream().anyMatch(Action.Delete.class::isInstance);
      if (!deletes) {
        slots.drop(uid);
      } else if (slots.take(uid, generation, desired.key().region(), DELETE, found)
          instanceof WriteSlots.Turn.Later later) {
        return CleanupPlanner.waitingForQuota(desired, later.delay(), providers.quota(DELETE));
      }
    } catch (RuntimeException e) {
      plan =
          CleanupPlanner.failed(
              desired, effects.failure(resource, "DescribeCapacityProviders", e), hadProvider);
    }
    return carryOut(resource, desired, plan, hadProvider);
  }

  /** Runs a plan's one action and returns the plan that follows from it (one without actions). */
  private Plan carryOut(
      CapacityProvider resource, Desired desired, Plan plan, boolean hadProvider) {
    if (plan.actions().isEmpty()) {
      return plan;
    }
    effects.recordAll(resource, plan);
    effects.countAttempt(resource, plan);
    Action action = plan.actions().get(0);
    try {
      Plan after;
      if (action instanceof Action.Delete delete) {
        ObservedProvider deleting = providers.delete(delete.key());
        observations.wrote(resource.getMetadata().getUid(), delete.key(), deleting);
        after = CleanupPlanner.afterDelete(desired, deleting);
      } else if (action instanceof Action.ReleaseRole) {
        after =
            CleanupPlanner.afterRelease(
                roles
                    .of(desired.partition().orElseThrow())
                    .release(resource.getMetadata().getUid()));
      } else {
        throw new IllegalStateException("not a cleanup action: " + action);
      }
      effects.record(resource, action.done());
      return after;
    } catch (RuntimeException e) {
      String operation =
          action instanceof Action.Delete ? "DeleteCapacityProvider" : "ReleaseServiceLinkedRole";
      Plan failed =
          CleanupPlanner.failed(desired, effects.failure(resource, operation, e), hadProvider);
      // A provider already gone leads to the role's step; nothing else acts again.
      return failed.actions().isEmpty() ? failed : carryOut(resource, desired, failed, hadProvider);
    }
  }
}
