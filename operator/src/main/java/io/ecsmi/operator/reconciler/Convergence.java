package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.api.v1alpha1.Condition;
import io.ecsmi.operator.aws.AwsFailure;
import io.ecsmi.operator.aws.CapacityProviders;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator.RoleState;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinators;
import io.ecsmi.operator.observability.OperatorMetrics;
import io.ecsmi.operator.plan.Action;
import io.ecsmi.operator.plan.ConvergencePlanner;
import io.ecsmi.operator.plan.Desired;
import io.ecsmi.operator.plan.Plan;
import io.ecsmi.operator.plan.Situation;
import io.ecsmi.operator.status.Conditions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code managementPolicy: Full}, the executor: observes AWS (the role, the provider), asks {@link
 * ConvergencePlanner} what to do, carries out the plan's actions, re-reads what an update changed
 * and reports from what was read.
 */
final class Convergence {

  private final CapacityProviders providers;
  private final ServiceLinkedRoleCoordinators roles;
  private final OperatorMetrics metrics;
  private final Effects effects;
  private final DriftScanner scanner;
  private final WriteSlots slots;
  private final Observations observations;

  Convergence(
      CapacityProviders providers,
      ServiceLinkedRoleCoordinators roles,
      OperatorMetrics metrics,
      Effects effects,
      DriftScanner scanner,
      WriteSlots slots,
      Observations observations) {
    this.observations = observations;
    this.providers = providers;
    this.roles = roles;
    this.metrics = metrics;
    this.effects = effects;
    this.scanner = scanner;
    this.slots = slots;
  }

  Step run(CapacityProvider resource, Desired desired) {
    String uid = resource.getMetadata().getUid();
    Optional<Plan> refused = ConvergencePlanner.beforeAws(desired);
    if (refused.isPresent()) {
      slots.drop(uid);
      return step(resource, refused.get());
    }
    ServiceLinkedRoleCoordinator coordinator = roles.of(desired.partition().orElseThrow());
    RoleState role = coordinator.ensure();
    long generation = resource.getMetadata().getGeneration();
    // At its reserved slot, a write goes out on what the reconcile that reserved it saw.
    Optional<WriteSlots.Ticket> ticket = slots.due(uid, generation);
    // Not described by this reconcile: what a ticket kept, or another resource's recent describe.
    boolean secondHand = ticket.isPresent();
    Plan plan;
    String operation = "DescribeCapacityProviders";
    try {
      Optional<ObservedProvider> found;
      if (ticket.isPresent()) {
        found = ticket.get().observed();
      } else {
        Observations.Look look = observations.observe(uid, desired.key());
        found = look.provider();
        secondHand = look.shared();
      }
      scanner.remember(resource, found);
      plan =
          ConvergencePlanner.plan(
              new Situation(
                  desired,
                  found,
                  role,
                  generation,
                  syncedGeneration(resource),
                  effects.refusedRetryDue(resource)));
      Optional<String> write = plan.actions().stream().flatMap(Convergence::limited).findFirst();
      if (write.isEmpty()) {
        slots.drop(uid);
      } else if (slots.take(uid, generation, desired.key().region(), write.get(), found)
          instanceof WriteSlots.Turn.Later later) {
        Plan waiting =
            ConvergencePlanner.waitingForQuota(
                desired, write.get(), later.delay(), providers.quota(write.get()), role);
        effects.recordAll(resource, waiting);
        return step(resource, waiting);
      }
      effects.recordAll(resource, plan);
      if (plan.actions().isEmpty()) {
        return step(resource, plan);
      }
      effects.countAttempt(resource, plan);
      ObservedProvider actual = found.orElse(null);
      for (Action action : plan.actions()) {
        operation = action.getClass().getSimpleName();
        actual = carryOut(action, actual);
        effects.record(resource, action.done());
      }
      observations.wrote(uid, desired.key(), actual);
      scanner.remember(resource, Optional.ofNullable(actual));
      if (plan.report().drift() != null) {
        metrics.driftCorrected();
      }
      Plan after =
          actual == null
              ? ConvergencePlanner.failed(vanished(desired), role)
              : ConvergencePlanner.report(desired, actual, plan.report(), role);
      effects.recordAll(resource, after);
      return step(resource, after);
    } catch (RuntimeException e) {
      AwsFailure failure = effects.failure(resource, operation, e);
      if (secondHand && failure.kind() == AwsFailure.Kind.ALREADY_EXISTS) {
        // Refused on an observation this reconcile did not make (someone created the provider
        // while the write waited for its slot): look again before reporting anything. Only this
        // refusal: one that a fresher look cannot explain (AccessDenied, an invalid subnet) is
        // reported, or the resource would retry it forever and never say Stalled (found by the
        // reliability suite's permanent failures, queued behind ECS's request quota).
        slots.drop(uid);
        observations.doubt(uid, desired.key());
        return run(resource, desired);
      }
      if (failure.kind() == AwsFailure.Kind.ROLE_NOT_READY) {
        coordinator.invalidate(); // ECS could not use the role: ask IAM again
      }
      Plan failed = ConvergencePlanner.failed(failure, role);
      effects.recordAll(resource, failed);
      return step(resource, failed);
    }
  }

  /** The operation of an action held to the capacity provider modify quota, if it is one. */
  private static Stream<String> limited(Action action) {
    if (action instanceof Action.Create) {
      return Stream.of("CreateCapacityProvider");
    }
    if (action instanceof Action.Update) {
      return Stream.of("UpdateCapacityProvider");
    }
    return Stream.empty();
  }

  /** Runs one action; returns the provider as it is afterwards (null: gone). */
  private ObservedProvider carryOut(Action action, ObservedProvider actual) {
    if (action instanceof Action.Create create) {
      return providers.create(create.provider());
    }
    if (action instanceof Action.Update update) {
      providers.update(update.provider());
      // The update's answer may be stale: report from a fresh read (DESIGN §4).
      return providers.describe(update.provider().key()).orElse(null);
    }
    Map<String, String> tags = new HashMap<>(actual.tags());
    if (action instanceof Action.Tag tag) {
      providers.tag(tag.region(), tag.arn(), tag.tags());
      tags.putAll(tag.tags());
    } else if (action instanceof Action.Untag untag) {
      providers.untag(untag.region(), untag.arn(), untag.keys());
      untag.keys().forEach(tags::remove);
    } else {
      throw new IllegalStateException("not a convergence action: " + action);
    }
    return actual.withTags(tags);
  }

  private Step step(CapacityProvider resource, Plan plan) {
    return new Step(plan.outcome(), effects.requeue(resource, plan));
  }

  private static AwsFailure vanished(Desired desired) {
    return new AwsFailure(
        AwsFailure.Kind.NOT_FOUND,
        "DescribeCapacityProviders",
        "NotFound",
        "capacity provider " + desired.describe() + " is gone right after the update",
        null);
  }

  /** The generation status last reported AWS in sync with, or null. */
  private static Long syncedGeneration(CapacityProvider resource) {
    var status = resource.getStatus();
    if (status == null) {
      return null;
    }
    Condition synced = Conditions.find(status.conditions(), Conditions.SYNCED);
    return synced != null && Conditions.TRUE.equals(synced.status())
        ? synced.observedGeneration()
        : null;
  }
}
