package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.api.v1alpha1.AdoptionPolicy;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.aws.AwsCallException;
import io.ecsmi.operator.aws.AwsFailure;
import io.ecsmi.operator.aws.CapacityProviders;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.Ownership;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator.RoleState;
import io.ecsmi.operator.aws.SpecDiff;
import io.ecsmi.operator.observability.EventRecorder;
import io.ecsmi.operator.observability.OperatorMetrics;
import io.ecsmi.operator.reconciler.Backoff.Track;
import io.ecsmi.operator.status.Conditions;
import io.ecsmi.operator.status.Outcome;
import io.ecsmi.operator.status.Outcome.AwsState;
import io.ecsmi.operator.status.Outcome.Part;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code managementPolicy: Full}: makes the ECS capacity provider exist and equal the spec. One
 * pass observes AWS, takes at most one step towards the spec and says when to look again. The
 * service-linked role is ensured before any creation; only providers this resource owns are
 * changed.
 */
final class Convergence {

  private final CapacityProviders providers;
  private final ServiceLinkedRoleCoordinator roles;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Backoff backoff;
  private final DriftScanner scanner;

  Convergence(
      CapacityProviders providers,
      ServiceLinkedRoleCoordinator roles,
      EventRecorder events,
      OperatorMetrics metrics,
      Backoff backoff,
      DriftScanner scanner) {
    this.providers = providers;
    this.roles = roles;
    this.events = events;
    this.metrics = metrics;
    this.backoff = backoff;
    this.scanner = scanner;
  }

  Step run(CapacityProvider resource, Desired desired) {
    RoleState role = roles.ensure();
    if (role instanceof RoleState.Pending pending && pending.created()) {
      events.normal(
          resource,
          "ServiceLinkedRoleCreated",
          "created the AWSServiceRoleForECSCompute service-linked role, which ECS needs to manage"
              + " the instances");
    }
    Step step;
    try {
      Optional<ObservedProvider> found = providers.describe(desired.key());
      scanner.remember(resource, found);
      step =
          found.isEmpty() || found.get().gone()
              ? create(resource, desired, role)
              : converge(resource, desired, found.get());
    } catch (AwsCallException e) {
      step = failed(resource, e.failure());
    }
    return new Step(step.outcome().withRole(rolePart(role), arn(role)), step.requeue());
  }

  private Step create(CapacityProvider resource, Desired desired, RoleState role) {
    if (role instanceof RoleState.Pending pending) {
      return Step.after(
          Outcome.reconciling("WaitingForServiceLinkedRole", pending.message())
              .withSynced(Part.no("WaitingForServiceLinkedRole", pending.message()))
              .withAws(AwsState.ABSENT),
          pending.retryAfter());
    }
    if (role instanceof RoleState.Failed failed) {
      return failed(resource, failed.failure());
    }
    ObservedProvider created = providers.create(desired.provider());
    scanner.remember(resource, Optional.of(created));
    events.normal(resource, "Created", "created ECS capacity provider " + desired.describe());
    return report(resource, desired, created, null, null);
  }

  private Step converge(CapacityProvider resource, Desired desired, ObservedProvider actual) {
    Boolean adopted = null;
    Ownership.Claim claim = desired.ownership().claimOf(actual.tags());
    if (claim != Ownership.Claim.OURS) {
      boolean adoptable =
          desired.adoption() == AdoptionPolicy.ADOPT_EXISTING
              && (claim == Ownership.Claim.UNCLAIMED
                  || claim == Ownership.Claim.EARLIER_INCARNATION);
      if (!adoptable) {
        return alreadyExists(resource, desired, actual, claim);
      }
      providers.tag(desired.key().region(), actual.arn(), desired.ownership().tags());
      Map<String, String> tags = new HashMap<>(actual.tags());
      tags.putAll(desired.ownership().tags());
      actual = actual.withTags(tags);
      scanner.remember(resource, Optional.of(actual));
      events.normal(
          resource,
          "Adopted",
          "took over the existing ECS capacity provider " + desired.describe());
      adopted = true;
    }
    if (actual.deprovisioning()) {
      String message =
          "capacity provider "
              + desired.describe()
              + " is being deleted outside Kubernetes; it is created again once it is gone";
      return Step.after(
          Outcome.reconciling("DeletedOutsideKubernetes", message)
              .withSynced(Part.no("DeletedOutsideKubernetes", message))
              .withAws(aws(actual))
              .withAdopted(adopted),
          backoff.next(uid(resource), Track.POLL));
    }
    if (actual.changing()) {
      return report(resource, desired, actual, adopted, null);
    }
    List<String> configuration =
        SpecDiff.configuration(desired.provider().configuration(), actual.configuration());
    SpecDiff.TagChanges tags = SpecDiff.tags(desired.provider().tags(), actual.tags());
    if (configuration.isEmpty() && tags.isEmpty()) {
      return report(resource, desired, actual, adopted, null);
    }
    List<String> changed = new ArrayList<>(configuration);
    if (!tags.isEmpty()) {
      changed.add("tags");
    }
    boolean drift = inSyncWithThisGeneration(resource);
    if (!configuration.isEmpty()) {
      if ("UPDATE_FAILED".equals(actual.updateStatus())) {
        if (!backoff.due(uid(resource), Track.REFUSED)) {
          return refused(resource, desired, actual, adopted);
        }
        backoff.next(uid(resource), Track.REFUSED); // retries of a refused update slow down
        events.warning(
            resource,
            "UpdateFailed",
            "ECS could not update "
                + desired.describe()
                + ": "
                + actual.updateStatusReason()
                + "; retrying");
      }
      actual = providers.update(desired.provider());
    }
    if (!tags.isEmpty()) {
      if (!tags.toSet().isEmpty()) {
        providers.tag(desired.key().region(), actual.arn(), tags.toSet());
      }
      if (!tags.toRemove().isEmpty()) {
        providers.untag(desired.key().region(), actual.arn(), tags.toRemove());
      }
      actual = actual.withTags(desired.provider().tags());
    }
    scanner.remember(resource, Optional.of(actual));
    if (drift) {
      metrics.driftCorrected();
      events.normal(
          resource,
          "DriftCorrected",
          "set "
              + String.join(", ", changed)
              + " of "
              + desired.describe()
              + " back to the spec (changed outside Kubernetes)");
    } else {
      events.normal(
          resource,
          "Updated",
          "updated "
              + String.join(", ", changed)
              + " of ECS capacity provider "
              + desired.describe());
    }
    return report(resource, desired, actual, adopted, drift ? changed : null);
  }

  /** Reports a provider as it is: Ready when settled, else Reconciling with a poll requeue. */
  private Step report(
      CapacityProvider resource,
      Desired desired,
      ObservedProvider actual,
      Boolean adopted,
      List<String> drift) {
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
              + desired.describe()
              + " ("
              + actual.status()
              + ", "
              + actual.updateStatus()
              + ")";
      return Step.after(
          Outcome.reconciling(reason, message)
              .withSynced(Part.no(reason, message))
              .withAws(aws(actual))
              .withAdopted(adopted)
              .withDrift(drift),
          backoff.next(uid(resource), Track.POLL));
    }
    backoff.resetAll(uid(resource));
    String message = "capacity provider " + desired.describe() + " is ACTIVE and matches the spec";
    return Step.settled(
        Outcome.ready(message)
            .withSynced(Part.yes("InSync", message))
            .withAws(aws(actual))
            .withAdopted(adopted)
            .withDrift(drift));
  }

  private Step alreadyExists(
      CapacityProvider resource, Desired desired, ObservedProvider actual, Ownership.Claim claim) {
    String message =
        claim == Ownership.Claim.FOREIGN
            ? "capacity provider "
                + desired.describe()
                + " already exists and belongs to "
                + Ownership.describeOwner(actual.tags())
                + "; the operator never takes over another owner's provider: choose another"
                + " spec.name"
            : "capacity provider "
                + desired.describe()
                + " already exists and was not created by this resource; set"
                + " spec.adoptionPolicy: AdoptExisting to take it over, or choose another"
                + " spec.name";
    events.warning(resource, "AlreadyExists", message);
    return Step.after(
        Outcome.stalled("AlreadyExists", message)
            .withSynced(Part.no("AlreadyExists", message))
            .withAws(AwsState.ABSENT),
        backoff.next(uid(resource), Track.STALLED));
  }

  /** The last update was refused (UPDATE_FAILED) and the next retry is not due yet. */
  private Step refused(
      CapacityProvider resource, Desired desired, ObservedProvider actual, Boolean adopted) {
    String message =
        "ECS could not update "
            + desired.describe()
            + ": "
            + actual.updateStatusReason()
            + "; the operator retries with backoff";
    return Step.after(
        Outcome.reconciling("UpdateFailed", message)
            .withSynced(Part.no("UpdateFailed", message))
            .withAws(aws(actual))
            .withAdopted(adopted),
        backoff.remaining(uid(resource), Track.REFUSED));
  }

  /** A failed AWS call: retry soon when it is transient, else Stalled with a slow requeue. */
  Step failed(CapacityProvider resource, AwsFailure failure) {
    switch (failure.kind()) {
      case ROLE_NOT_READY:
        roles.invalidate();
        return Step.after(
            Outcome.reconciling("WaitingForServiceLinkedRole", failure.describe()),
            backoff.next(uid(resource), Track.RETRY));
      case RETRYABLE:
      case BUSY:
      case NOT_FOUND:
        return Step.after(
            Outcome.reconciling("AwsRetrying", failure.describe()),
            backoff.next(uid(resource), Track.RETRY));
      default:
        events.warning(resource, failure.code(), failure.describe());
        return Step.after(
            Outcome.stalled(failure.code(), failure.describe())
                .withSynced(Part.no(failure.code(), failure.describe())),
            backoff.next(uid(resource), Track.STALLED));
    }
  }

  /**
   * The spec is unchanged since status last said AWS matched it: a difference now was made outside
   * Kubernetes.
   */
  private static boolean inSyncWithThisGeneration(CapacityProvider resource) {
    var status = resource.getStatus();
    return status != null
        && resource.getMetadata().getGeneration().equals(status.observedGeneration())
        && Conditions.isTrue(status.conditions(), Conditions.SYNCED);
  }

  static Part rolePart(RoleState role) {
    if (role instanceof RoleState.Ready) {
      return Part.yes("Ready", "AWSServiceRoleForECSCompute exists");
    }
    if (role instanceof RoleState.Pending pending) {
      return Part.no(pending.reason(), pending.message());
    }
    AwsFailure failure = ((RoleState.Failed) role).failure();
    return Part.no(failure.code(), failure.describe());
  }

  private static String arn(RoleState role) {
    return role instanceof RoleState.Ready ready ? ready.arn() : null;
  }

  static AwsState aws(ObservedProvider p) {
    return new AwsState(p.arn(), p.status(), p.updateStatus(), p.updateStatusReason());
  }

  private static String uid(CapacityProvider resource) {
    return resource.getMetadata().getUid();
  }
}
