package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.api.v1alpha1.DeletionPolicy;
import io.ecsmi.operator.api.v1alpha1.ManagementPolicy;
import io.ecsmi.operator.aws.AwsCallException;
import io.ecsmi.operator.aws.AwsFailure;
import io.ecsmi.operator.aws.CapacityProviders;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.Ownership;
import io.ecsmi.operator.aws.ProviderKey;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator.Release;
import io.ecsmi.operator.observability.EventRecorder;
import io.ecsmi.operator.reconciler.Backoff.Track;
import io.ecsmi.operator.status.Outcome;
import io.ecsmi.operator.status.Outcome.AwsState;
import io.ecsmi.operator.status.Outcome.Part;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * What the finalizer {@code ecsmi.io/cleanup} does when a resource is deleted: Retain (or
 * ObserveOnly) leaves AWS alone; Delete deletes the capacity provider this resource owns, waits
 * until ECS reports it INACTIVE or gone, then takes the service-linked role's last-one-out step.
 */
final class Cleanup {

  /** Done (remove the finalizer) or not yet (keep it, report, look again). */
  record Result(boolean done, Optional<Outcome> outcome, Duration requeue) {

    static Result finished() {
      return new Result(true, Optional.empty(), Duration.ZERO);
    }

    static Result waiting(Outcome outcome, Duration requeue) {
      return new Result(false, Optional.of(outcome), requeue);
    }
  }

  private final CapacityProviders providers;
  private final ServiceLinkedRoleCoordinator roles;
  private final EventRecorder events;
  private final Backoff backoff;

  Cleanup(
      CapacityProviders providers,
      ServiceLinkedRoleCoordinator roles,
      EventRecorder events,
      Backoff backoff) {
    this.providers = providers;
    this.roles = roles;
    this.events = events;
    this.backoff = backoff;
  }

  /**
   * @param otherHolders the UIDs of every other CapacityProvider resource: any of them may still
   *     hold or want a capacity provider, and so the role
   */
  Result run(CapacityProvider resource, Desired desired, Collection<String> otherHolders) {
    if (desired.management() == ManagementPolicy.OBSERVE_ONLY
        || desired.deletion() == DeletionPolicy.RETAIN) {
      String why =
          desired.management() == ManagementPolicy.OBSERVE_ONLY
              ? "managementPolicy ObserveOnly"
              : "deletionPolicy Retain";
      events.normal(
          resource,
          "Retained",
          "left ECS capacity provider " + desired.describe() + " in AWS (" + why + ")");
      return Result.finished();
    }
    ProviderKey key = desired.key();
    String uid = resource.getMetadata().getUid();
    try {
      Optional<ObservedProvider> found = providers.describe(key);
      if (found.isEmpty() || found.get().gone()) {
        if (resource.getStatus() != null && resource.getStatus().capacityProviderArn() != null) {
          events.normal(
              resource, "Deleted", "ECS capacity provider " + desired.describe() + " is deleted");
        }
        return releaseRole(resource, otherHolders);
      }
      ObservedProvider actual = found.get();
      if (desired.ownership().claimOf(actual.tags()) != Ownership.Claim.OURS) {
        events.normal(
            resource,
            "NotOwned",
            "left ECS capacity provider "
                + desired.describe()
                + " alone: this resource did not create or adopt it");
        return Result.finished();
      }
      if (actual.deprovisioning()) {
        return Result.waiting(deleting(desired, actual), backoff.next(uid, Track.POLL));
      }
      if ("DELETE_FAILED".equals(actual.updateStatus())) {
        if (!backoff.due(uid, Track.REFUSED)) {
          return Result.waiting(
              deleteFailed(desired, actual), backoff.remaining(uid, Track.REFUSED));
        }
        backoff.next(uid, Track.REFUSED);
        events.warning(
            resource,
            "DeleteFailed",
            "ECS could not delete "
                + desired.describe()
                + ": "
                + actual.updateStatusReason()
                + "; retrying");
      }
      ObservedProvider deleting = providers.delete(key);
      events.normal(resource, "Deleting", "deleting ECS capacity provider " + desired.describe());
      return Result.waiting(deleting(desired, deleting), backoff.next(uid, Track.POLL));
    } catch (AwsCallException e) {
      return failed(resource, desired, e.failure(), otherHolders);
    }
  }

  private Result releaseRole(CapacityProvider resource, Collection<String> otherHolders) {
    Release release = roles.release(resource.getMetadata().getUid(), otherHolders);
    if (release instanceof Release.Done done) {
      if ("RoleDeleted".equals(done.reason())) {
        events.normal(
            resource,
            "ServiceLinkedRoleDeleted",
            done.message() + ": no capacity provider needs it any more");
      } else if ("RoleGone".equals(done.reason())) {
        events.normal(resource, "ServiceLinkedRoleGone", done.message());
      }
      return Result.finished();
    }
    if (release instanceof Release.InUseElsewhere inUse) {
      events.warning(resource, "ServiceLinkedRoleInUse", inUse.message() + "; the role is kept");
      return Result.finished();
    }
    if (release instanceof Release.Failed failed) {
      events.warning(
          resource,
          "ServiceLinkedRoleNotDeleted",
          failed.failure().describe() + "; the role is kept");
      return Result.finished();
    }
    Release.Pending pending = (Release.Pending) release;
    return Result.waiting(
        Outcome.reconciling("DeletingServiceLinkedRole", pending.message())
            .withSynced(Part.no("Deleted", "the capacity provider is deleted"))
            .withAws(AwsState.ABSENT),
        pending.retryAfter());
  }

  private Result failed(
      CapacityProvider resource,
      Desired desired,
      AwsFailure failure,
      Collection<String> otherHolders) {
    String uid = resource.getMetadata().getUid();
    switch (failure.kind()) {
      case NOT_FOUND:
        return releaseRole(resource, otherHolders);
      case IN_USE:
        events.warning(resource, "CapacityProviderInUse", failure.describe());
        return Result.waiting(
            Outcome.stalled("CapacityProviderInUse", failure.describe())
                .withSynced(Part.no("CapacityProviderInUse", failure.describe())),
            backoff.next(uid, Track.REFUSED));
      case TERMINAL:
        events.warning(resource, failure.code(), failure.describe());
        return Result.waiting(
            Outcome.stalled(failure.code(), failure.describe()), backoff.next(uid, Track.STALLED));
      default:
        return Result.waiting(
            Outcome.reconciling("AwsRetrying", failure.describe()), backoff.next(uid, Track.RETRY));
    }
  }

  private static Outcome deleting(Desired desired, ObservedProvider actual) {
    String message =
        "deleting ECS capacity provider " + desired.describe() + " (" + actual.status() + ")";
    return Outcome.reconciling("Deleting", message)
        .withSynced(Part.no("Deleting", message))
        .withAws(Convergence.aws(actual));
  }

  private static Outcome deleteFailed(Desired desired, ObservedProvider actual) {
    String message =
        "ECS could not delete "
            + desired.describe()
            + ": "
            + actual.updateStatusReason()
            + "; the operator retries with backoff";
    return Outcome.reconciling("DeleteFailed", message)
        .withSynced(Part.no("DeleteFailed", message))
        .withAws(Convergence.aws(actual));
  }
}
