package io.ecsmi.operator.plan;

import io.ecsmi.operator.api.v1alpha1.AdoptionPolicy;
import io.ecsmi.operator.aws.AwsFailure;
import io.ecsmi.operator.aws.Backoff.Track;
import io.ecsmi.operator.aws.EcsDefaults;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.Ownership;
import io.ecsmi.operator.aws.Partition;
import io.ecsmi.operator.aws.RequestQuotas;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator.RoleState;
import io.ecsmi.operator.aws.SpecDiff;
import io.ecsmi.operator.aws.SpecDiff.Difference;
import io.ecsmi.operator.aws.SpecMapper;
import io.ecsmi.operator.plan.Plan.Report;
import io.ecsmi.operator.status.Outcome;
import io.ecsmi.operator.status.Outcome.AwsState;
import io.ecsmi.operator.status.Outcome.Part;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code managementPolicy: Full}: from what the operator knows ({@link Situation}) to what to do
 * ({@link Plan}), with no I/O. At most one round of AWS changes per pass: create, or adopt, update
 * and retag; then the outcome is computed again from what AWS says ({@link #report}).
 *
 * <p>What differs is judged on the effective configurations ({@link EcsDefaults}): members the spec
 * sets and AWS's documented defaults. A difference in a member AWS cannot update ({@link
 * SpecMapper#CREATE_ONLY}) is a conflict for a human, never an update. When the spec was edited,
 * the update also leaves out what the spec no longer sets.
 */
public final class ConvergencePlanner {

  private ConvergencePlanner() {}

  /** A spec the operator cannot take to AWS at all: no AWS call, not even for the role. */
  public static Optional<Plan> beforeAws(Desired desired) {
    if (desired.partition().isEmpty()) {
      String message =
          "region "
              + desired.key().region()
              + " is in a partition the operator does not support (supported: "
              + Partition.SUPPORTED
              + "); set spec.region to a region of one of them";
      return Optional.of(
          Plan.report(
              Outcome.stalled("UnsupportedRegion", message)
                  .withSynced(Part.no("UnsupportedRegion", message))
                  .withRole(Part.unknown("UnsupportedRegion", message), null),
              Pace.SETTLED,
              Notice.warning("UnsupportedRegion", message)));
    }
    return Optional.empty();
  }

  public static Plan plan(Situation s) {
    Plan plan = decide(s).withNoticesFirst(roleNotices(s.role()));
    return plan.outcome() == null
        ? plan
        : lookingAgainForTheRole(plan.withOutcome(withRole(plan.outcome(), s.role())), s.role());
  }

  /** The outcome once a plan's actions succeeded, from what AWS said afterwards. */
  public static Plan report(Desired d, ObservedProvider actual, Report r, RoleState role) {
    Plan plan = reported(d, actual, r);
    return lookingAgainForTheRole(plan.withOutcome(withRole(plan.outcome(), role)), role);
  }

  private static final Duration MIN_ROLE_WAIT = Duration.ofSeconds(1);

  /**
   * A provider that needs nothing more while its role is not there yet (being created again, IAM
   * not showing it): looks again when the coordinator says, instead of at the next resync, so its
   * ServiceLinkedRoleReady turns True, and the role is created again if it is gone for good.
   */
  static Plan lookingAgainForTheRole(Plan plan, RoleState role) {
    if (role instanceof RoleState.Pending pending
        && plan.pace() == Pace.SETTLED
        && plan.after().isEmpty()
        && !plan.finished()) {
      Duration wait = pending.retryAfter();
      return plan.lookingAgainAfter(wait.compareTo(MIN_ROLE_WAIT) < 0 ? MIN_ROLE_WAIT : wait);
    }
    return plan;
  }

  /** A failed AWS call: retry soon when it is transient, else Stalled with a slow requeue. */
  public static Plan failed(AwsFailure failure, RoleState role) {
    Plan plan = failure(failure);
    return plan.withOutcome(withRole(plan.outcome(), role));
  }

  /**
   * A write that waits for its slot under ECS's request quota: Reconciling, says when it goes out
   * and why, and looks again exactly then (no Event: waiting is not news).
   */
  public static Plan waitingForQuota(
      Desired desired,
      String operation,
      Duration wait,
      Optional<RequestQuotas.Quota> quota,
      RoleState role) {
    return Plan.reportAfter(
        withRole(
            Outcome.reconciling(
                    "WaitingForRequestQuota", quotaWait(desired, operation, wait, quota))
                .withSynced(Part.no("WaitingForRequestQuota", "not yet sent to AWS")),
            role),
        wait);
  }

  /** "CreateCapacityProvider of x goes out in 37s: ECS allows 1 … per second … (bursts of 10)". */
  public static String quotaWait(
      Desired desired, String operation, Duration wait, Optional<RequestQuotas.Quota> quota) {
    return operation
        + " of "
        + desired.describe()
        + " goes out in "
        + Math.max(1, (wait.toMillis() + 999) / 1000)
        + "s"
        + quota.map(q -> ": " + q.describe()).orElse("");
  }

  // ---- decisions ------------------------------------------------------------------------------

  private static Plan decide(Situation s) {
    Desired d = s.desired();
    ObservedProvider actual = s.observed().filter(p -> !p.gone()).orElse(null);
    if (actual == null) {
      return create(d, s.role());
    }
    Ownership.Claim claim = d.ownership().claimOf(actual.tags());
    boolean adopt = claim != Ownership.Claim.OURS;
    if (adopt
        && !(d.adoption() == AdoptionPolicy.ADOPT_EXISTING
            && (claim == Ownership.Claim.UNCLAIMED
                || claim == Ownership.Claim.EARLIER_INCARNATION))) {
      return alreadyExists(d, actual, claim);
    }
    Comparison comparison = Comparison.of(d, actual);
    if (!comparison.immutable().isEmpty() && !actual.deprovisioning()) {
      return immutableInAws(d, actual, comparison.immutable());
    }

    List<Action> actions = new ArrayList<>();
    Boolean adopted = null;
    if (adopt) {
      actions.add(
          new Action.Tag(
              d.key().region(),
              actual.arn(),
              d.ownership().tags(),
              Notice.normal(
                  "Adopted", "took over the existing ECS capacity provider " + d.describe())));
      Map<String, String> tags = new HashMap<>(actual.tags());
      tags.putAll(d.ownership().tags());
      actual = actual.withTags(tags);
      adopted = true;
    }
    if (actual.deprovisioning() || actual.changing()) {
      return actOrReport(d, actual, actions, new Report(adopted, null));
    }

    List<Difference> updatable = comparison.updatable();
    List<String> leftOut = s.editedSinceSync() ? comparison.unspecified() : List.of();
    SpecDiff.TagChanges tags = SpecDiff.tags(d.provider().tags(), actual.tags());
    if (updatable.isEmpty() && leftOut.isEmpty() && tags.isEmpty()) {
      return actOrReport(d, actual, actions, new Report(adopted, null));
    }

    boolean drift = s.inSyncWithThisGeneration();
    List<String> changed = new ArrayList<>();
    List<String> details = new ArrayList<>();
    updatable.forEach(
        x -> {
          changed.add(x.path());
          details.add(x.describe());
        });
    leftOut.forEach(
        p -> {
          changed.add(p);
          details.add(p + ": left out (the spec no longer sets it)");
        });
    if (!tags.isEmpty()) {
      changed.add("tags");
      details.add("tags");
    }
    Notice done =
        drift
            ? Notice.normal(
                "DriftCorrected",
                "set "
                    + String.join("; ", details)
                    + " of "
                    + d.describe()
                    + " back to the spec (changed outside Kubernetes)")
            : Notice.normal(
                "Updated",
                "updated ECS capacity provider "
                    + d.describe()
                    + ": "
                    + String.join("; ", details));

    List<Notice> notices = new ArrayList<>();
    Optional<Track> attempt = Optional.empty();
    boolean update = !updatable.isEmpty() || !leftOut.isEmpty();
    if (update && "UPDATE_FAILED".equals(actual.updateStatus())) {
      if (!s.refusedRetryDue()) {
        return actions.isEmpty()
            ? Plan.report(refused(d, actual, adopted), Pace.REFUSED_REMAINING)
            : Plan.act(actions, List.of(), new Report(adopted, null));
      }
      attempt = Optional.of(Track.REFUSED); // retries of a refused update slow down
      notices.add(
          Notice.warning(
              "UpdateFailed",
              "ECS could not update "
                  + d.describe()
                  + ": "
                  + actual.updateStatusReason()
                  + "; retrying"));
    }
    List<Action> changes = new ArrayList<>();
    if (update) {
      changes.add(new Action.Update(d.provider(), List.copyOf(changed), null));
    }
    if (!tags.toSet().isEmpty()) {
      changes.add(new Action.Tag(d.key().region(), actual.arn(), tags.toSet(), null));
    }
    if (!tags.toRemove().isEmpty()) {
      changes.add(new Action.Untag(d.key().region(), actual.arn(), tags.toRemove(), null));
    }
    changes.set(changes.size() - 1, withNotice(changes.get(changes.size() - 1), done));
    actions.addAll(changes);
    Plan plan = Plan.act(actions, notices, new Report(adopted, drift ? changed : null));
    return attempt.map(plan::counting).orElse(plan);
  }

  private static Plan create(Desired d, RoleState role) {
    if (role instanceof RoleState.Failed failed) {
      return failure(failed.failure());
    }
    if (role instanceof RoleState.Pending pending) {
      return Plan.reportAfter(
          Outcome.reconciling("WaitingForServiceLinkedRole", pending.message())
              .withSynced(Part.no("WaitingForServiceLinkedRole", pending.message()))
              .withAws(AwsState.ABSENT),
          pending.retryAfter());
    }
    return Plan.act(
        List.of(
            new Action.Create(
                d.provider(),
                Notice.normal("Created", "created ECS capacity provider " + d.describe()))),
        List.of(),
        Report.NONE);
  }

  private static Plan actOrReport(
      Desired d, ObservedProvider actual, List<Action> actions, Report report) {
    return actions.isEmpty() ? reported(d, actual, report) : Plan.act(actions, List.of(), report);
  }

  /** Reports a provider as it is: Ready when settled and equal, else Reconciling with a poll. */
  private static Plan reported(Desired d, ObservedProvider actual, Report r) {
    if (actual.deprovisioning()) {
      String message =
          "capacity provider "
              + d.describe()
              + " is being deleted outside Kubernetes; it is created again once it is gone";
      return Plan.report(reconciling("DeletedOutsideKubernetes", message, actual, r), Pace.POLL);
    }
    if (actual.changing()) {
      String reason =
          "PROVISIONING".equals(actual.status())
                  || "CREATE_IN_PROGRESS".equals(actual.updateStatus())
              ? "Creating"
              : "Updating";
      String message =
          "ECS is "
              + reason.toLowerCase(Locale.ROOT)
              + " capacity provider "
              + d.describe()
              + " ("
              + actual.status()
              + ", "
              + actual.updateStatus()
              + ")";
      return Plan.report(reconciling(reason, message, actual, r), Pace.POLL);
    }
    Comparison comparison = Comparison.of(d, actual);
    if (!comparison.immutable().isEmpty()) {
      return immutableInAws(d, actual, comparison.immutable());
    }
    if (!comparison.differences().isEmpty()) {
      // The read after an update can lag behind it; never claim Ready on an unconfirmed change.
      String message =
          "waiting for ECS to show the update of "
              + d.describe()
              + " (AWS still reports "
              + Comparison.describe(comparison.differences())
              + ")";
      return Plan.report(reconciling("Updating", message, actual, r), Pace.POLL);
    }
    String message = "capacity provider " + d.describe() + " is ACTIVE and matches the spec";
    List<String> leftOut = comparison.unspecified();
    String synced =
        leftOut.isEmpty()
            ? message
            : message
                + "; ECS also holds members the spec does not set (ECS's to decide): "
                + String.join(", ", leftOut);
    return Plan.report(
        Outcome.ready(message)
            .withSynced(Part.yes("InSync", synced))
            .withAws(aws(actual))
            .withAdopted(r.adopted())
            .withDrift(r.drift()),
        Pace.SETTLED);
  }

  private static Plan immutableInAws(
      Desired d, ObservedProvider actual, List<Difference> immutable) {
    String message =
        "capacity provider "
            + d.describe()
            + " differs from the spec in what ECS cannot change on an existing provider: "
            + Comparison.describe(immutable)
            + ". The operator makes no AWS call for it. To resolve, set the spec to AWS's value,"
            + " or replace the provider: delete this resource (with deletionPolicy: Delete) and"
            + " apply it again";
    return Plan.report(
        Outcome.stalled("ImmutableInAws", message)
            .withSynced(Part.no("ImmutableInAws", message))
            .withAws(aws(actual)),
        Pace.STALLED,
        Notice.warning("ImmutableInAws", message));
  }

  private static Plan alreadyExists(Desired d, ObservedProvider actual, Ownership.Claim claim) {
    String message =
        claim == Ownership.Claim.FOREIGN
            ? "capacity provider "
                + d.describe()
                + " already exists and belongs to "
                + Ownership.describeOwner(actual.tags())
                + "; the operator never takes over another owner's provider: choose another"
                + " spec.name"
            : "capacity provider "
                + d.describe()
                + " already exists and was not created by this resource; set"
                + " spec.adoptionPolicy: AdoptExisting to take it over, or choose another"
                + " spec.name";
    return Plan.report(
        Outcome.stalled("AlreadyExists", message)
            .withSynced(Part.no("AlreadyExists", message))
            .withAws(AwsState.ABSENT),
        Pace.STALLED,
        Notice.warning("AlreadyExists", message));
  }

  private static Outcome refused(Desired d, ObservedProvider actual, Boolean adopted) {
    String message =
        "ECS could not update "
            + d.describe()
            + ": "
            + actual.updateStatusReason()
            + "; the operator retries with backoff";
    return Outcome.reconciling("UpdateFailed", message)
        .withSynced(Part.no("UpdateFailed", message))
        .withAws(aws(actual))
        .withAdopted(adopted);
  }

  private static Plan failure(AwsFailure failure) {
    return switch (failure.kind()) {
      case ROLE_NOT_READY ->
          Plan.report(
              Outcome.reconciling("WaitingForServiceLinkedRole", failure.describe()), Pace.RETRY);
      case THROTTLED, TRANSIENT, BUSY, NOT_FOUND ->
          Plan.report(Outcome.reconciling("AwsRetrying", failure.describe()), Pace.RETRY);
      case INTERNAL ->
          Plan.report(
              Outcome.stalled("InternalError", failure.describe())
                  .withSynced(Part.no("InternalError", failure.describe())),
              Pace.INTERNAL,
              Notice.warning("InternalError", failure.describe()));
      default ->
          Plan.report(
              Outcome.stalled(failure.code(), failure.describe())
                  .withSynced(Part.no(failure.code(), failure.describe())),
              Pace.STALLED,
              Notice.warning(failure.code(), failure.describe()));
    };
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Outcome reconciling(
      String reason, String message, ObservedProvider actual, Report r) {
    return Outcome.reconciling(reason, message)
        .withSynced(Part.no(reason, message))
        .withAws(aws(actual))
        .withAdopted(r.adopted())
        .withDrift(r.drift());
  }

  private static Action withNotice(Action action, Notice done) {
    if (action instanceof Action.Update u) {
      return new Action.Update(u.provider(), u.fields(), done);
    }
    if (action instanceof Action.Tag t) {
      return new Action.Tag(t.region(), t.arn(), t.tags(), done);
    }
    if (action instanceof Action.Untag u) {
      return new Action.Untag(u.region(), u.arn(), u.keys(), done);
    }
    return action;
  }

  private static List<Notice> roleNotices(RoleState role) {
    if (role instanceof RoleState.Pending pending && pending.created()) {
      return List.of(
          Notice.normal(
              "ServiceLinkedRoleCreated",
              "created the "
                  + pending.roleName()
                  + " service-linked role, which ECS needs to manage the instances"));
    }
    return List.of();
  }

  private static Outcome withRole(Outcome outcome, RoleState role) {
    if (role == null) {
      return outcome;
    }
    return outcome.withRole(rolePart(role), role instanceof RoleState.Ready r ? r.arn() : null);
  }

  static Part rolePart(RoleState role) {
    if (role instanceof RoleState.Ready ready) {
      return Part.yes("Ready", "the service-linked role exists: " + ready.arn());
    }
    if (role instanceof RoleState.Pending pending) {
      return Part.no(pending.reason(), pending.message());
    }
    AwsFailure failure = ((RoleState.Failed) role).failure();
    return Part.no(failure.code(), failure.describe());
  }

  static AwsState aws(ObservedProvider p) {
    return new AwsState(p.arn(), p.status(), p.updateStatus(), p.updateStatusReason());
  }
}
