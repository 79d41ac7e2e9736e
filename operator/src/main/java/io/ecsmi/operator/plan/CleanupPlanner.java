package io.ecsmi.operator.plan;

import io.ecsmi.operator.api.v1alpha1.DeletionPolicy;
import io.ecsmi.operator.api.v1alpha1.ManagementPolicy;
import io.ecsmi.operator.aws.AwsFailure;
import io.ecsmi.operator.aws.Backoff.Track;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.Ownership;
import io.ecsmi.operator.aws.RequestQuotas;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator.Release;
import io.ecsmi.operator.status.Outcome;
import io.ecsmi.operator.status.Outcome.AwsState;
import io.ecsmi.operator.status.Outcome.Part;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the finalizer {@code ecsmi.io/cleanup} does when a resource is deleted: Retain (or
 * ObserveOnly) leaves AWS alone; Delete deletes the capacity provider this resource owns, waits
 * until ECS reports it INACTIVE or gone, then takes the service-linked role's last-one-out step.
 * Only a confirmed absence lets the finalizer go: a cluster ECS cannot find does not confirm
 * anything.
 */
public final class CleanupPlanner {

  /**
   * What the operator knows when a resource is being deleted.
   *
   * @param observed the capacity provider ECS describes by the desired name, or empty
   * @param hadProvider status recorded a capacity provider ARN: one existed for this resource
   * @param refusedRetryDue whether a retry of a refused deletion (DELETE_FAILED) is due
   */
  public record Departure(
      Desired desired,
      Optional<ObservedProvider> observed,
      boolean hadProvider,
      boolean refusedRetryDue) {}

  private CleanupPlanner() {}

  /** What to do before asking AWS anything; empty when AWS must be asked. */
  public static Optional<Plan> beforeAws(Desired d) {
    if (d.management() == ManagementPolicy.OBSERVE_ONLY || d.deletion() == DeletionPolicy.RETAIN) {
      String why =
          d.management() == ManagementPolicy.OBSERVE_ONLY
              ? "managementPolicy ObserveOnly"
              : "deletionPolicy Retain";
      return Optional.of(
          Plan.finish(
              Notice.normal(
                  "Retained",
                  "left ECS capacity provider " + d.describe() + " in AWS (" + why + ")")));
    }
    if (d.partition().isEmpty()) {
      return Optional.of(
          Plan.finish(
              Notice.normal(
                  "NothingToDelete",
                  "region "
                      + d.key().region()
                      + " is in a partition the operator does not support, so it never created"
                      + " a capacity provider there")));
    }
    return Optional.empty();
  }

  public static Plan plan(Departure x) {
    Desired d = x.desired();
    if (x.observed().isEmpty() || x.observed().get().gone()) {
      return releaseRole(x.hadProvider(), d);
    }
    ObservedProvider actual = x.observed().get();
    if (d.ownership().claimOf(actual.tags()) != Ownership.Claim.OURS) {
      return Plan.finish(
          Notice.normal(
              "NotOwned",
              "left ECS capacity provider "
                  + d.describe()
                  + " alone: this resource did not create or adopt it"));
    }
    if (actual.deprovisioning()) {
      return Plan.report(deleting(d, actual), Pace.POLL);
    }
    List<Notice> notices = List.of();
    boolean retry = "DELETE_FAILED".equals(actual.updateStatus());
    if (retry) {
      if (!x.refusedRetryDue()) {
        return Plan.report(deleteFailed(d, actual), Pace.REFUSED_REMAINING);
      }
      notices =
          List.of(
              Notice.warning(
                  "DeleteFailed",
                  "ECS could not delete "
                      + d.describe()
                      + ": "
                      + actual.updateStatusReason()
                      + "; retrying"));
    }
    Plan plan =
        Plan.act(
            List.of(
                new Action.Delete(
                    d.key(),
                    Notice.normal("Deleting", "deleting ECS capacity provider " + d.describe()))),
            notices,
            Plan.Report.NONE);
    return retry ? plan.counting(Track.REFUSED) : plan;
  }

  /** The delete waits for its slot under ECS's request quota (no Event: waiting is not news). */
  public static Plan waitingForQuota(
      Desired d, Duration wait, Optional<RequestQuotas.Quota> quota) {
    String message = ConvergencePlanner.quotaWait(d, "DeleteCapacityProvider", wait, quota);
    return Plan.reportAfter(
        Outcome.reconciling("WaitingForRequestQuota", message)
            .withSynced(Part.no("WaitingForRequestQuota", message)),
        wait);
  }

  /** After DeleteCapacityProvider: report the deletion as ECS answered it, and poll. */
  public static Plan afterDelete(Desired d, ObservedProvider deleting) {
    return Plan.report(deleting(d, deleting), Pace.POLL);
  }

  /** After the role's last-one-out step. */
  public static Plan afterRelease(Release release) {
    if (release instanceof Release.Done done) {
      return switch (done.reason()) {
        case "RoleDeleted" ->
            Plan.finish(
                Notice.normal(
                    "ServiceLinkedRoleDeleted",
                    done.message() + ": no capacity provider needs it any more"));
        case "RoleGone" -> Plan.finish(Notice.normal("ServiceLinkedRoleGone", done.message()));
        default -> Plan.finish();
      };
    }
    if (release instanceof Release.InUseElsewhere inUse) {
      return Plan.finish(
          Notice.warning("ServiceLinkedRoleInUse", inUse.message() + "; the role is kept"));
    }
    if (release instanceof Release.Failed failed) {
      return Plan.finish(
          Notice.warning(
              "ServiceLinkedRoleNotDeleted", failed.failure().describe() + "; the role is kept"));
    }
    Release.Pending pending = (Release.Pending) release;
    return Plan.reportAfter(
        Outcome.reconciling("DeletingServiceLinkedRole", pending.message())
            .withSynced(Part.no("Deleted", "the capacity provider is deleted"))
            .withAws(AwsState.ABSENT),
        pending.retryAfter());
  }

  /** An AWS call of the cleanup failed. */
  public static Plan failed(Desired d, AwsFailure failure, boolean hadProvider) {
    return switch (failure.kind()) {
      case NOT_FOUND -> releaseRole(hadProvider, d); // DeleteCapacityProvider: already gone
      case CLUSTER_NOT_FOUND -> clusterNotFound(d, failure, hadProvider);
      case IN_USE ->
          Plan.report(
              Outcome.stalled("CapacityProviderInUse", failure.describe())
                  .withSynced(Part.no("CapacityProviderInUse", failure.describe())),
              Pace.REFUSED,
              Notice.warning("CapacityProviderInUse", failure.describe()));
      case INTERNAL ->
          Plan.report(
              Outcome.stalled("InternalError", failure.describe()),
              Pace.INTERNAL,
              Notice.warning("InternalError", failure.describe()));
      default ->
          failure.retryable()
              ? Plan.report(Outcome.reconciling("AwsRetrying", failure.describe()), Pace.RETRY)
              : Plan.report(
                  Outcome.stalled(failure.code(), failure.describe()),
                  Pace.STALLED,
                  Notice.warning(failure.code(), failure.describe()));
    };
  }

  private static Plan clusterNotFound(Desired d, AwsFailure failure, boolean hadProvider) {
    if (!hadProvider) {
      // No provider was ever recorded for this resource, and ECS cannot delete a cluster while
      // Managed Instances providers are attached to it: there is nothing of this resource there.
      return Plan.finish(
          Notice.normal(
              "NothingToDelete",
              "ECS cannot find cluster "
                  + d.key().cluster()
                  + " in "
                  + d.key().region()
                  + " and no capacity provider was recorded for this resource"));
    }
    String message =
        "cannot confirm that capacity provider "
            + d.describe()
            + " is deleted: "
            + failure.describe()
            + ". The finalizer stays so that nothing is left behind in AWS. If the cluster and its"
            + " capacity providers were deleted outside Kubernetes, set spec.deletionPolicy:"
            + " Retain to let this resource go without deleting anything";
    return Plan.report(
        Outcome.stalled("ClusterNotFound", message).withSynced(Part.no("ClusterNotFound", message)),
        Pace.STALLED,
        Notice.warning("ClusterNotFound", message));
  }

  private static Plan releaseRole(boolean hadProvider, Desired d) {
    return Plan.act(
        List.of(
            new Action.ReleaseRole(
                hadProvider
                    ? Notice.normal(
                        "Deleted", "ECS capacity provider " + d.describe() + " is deleted")
                    : null)),
        List.of(),
        Plan.Report.NONE);
  }

  private static Outcome deleting(Desired d, ObservedProvider actual) {
    String message =
        "deleting ECS capacity provider " + d.describe() + " (" + actual.status() + ")";
    return Outcome.reconciling("Deleting", message)
        .withSynced(Part.no("Deleting", message))
        .withAws(ConvergencePlanner.aws(actual));
  }

  private static Outcome deleteFailed(Desired d, ObservedProvider actual) {
    String message =
        "ECS could not delete "
            + d.describe()
            + ": "
            + actual.updateStatusReason()
            + "; the operator retries with backoff";
    return Outcome.reconciling("DeleteFailed", message)
        .withSynced(Part.no("DeleteFailed", message))
        .withAws(ConvergencePlanner.aws(actual));
  }
}
