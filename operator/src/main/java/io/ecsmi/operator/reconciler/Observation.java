package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.aws.AwsCallException;
import io.ecsmi.operator.aws.CapacityProviders;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.SpecDiff;
import io.ecsmi.operator.reconciler.Backoff.Track;
import io.ecsmi.operator.status.Outcome;
import io.ecsmi.operator.status.Outcome.AwsState;
import io.ecsmi.operator.status.Outcome.Part;
import java.util.List;
import java.util.Optional;

/**
 * {@code managementPolicy: ObserveOnly}: mirrors the ECS capacity provider into status and never
 * calls a mutating AWS API (not even for the service-linked role). Differences from the spec are
 * reported, not corrected.
 */
final class Observation {

  private static final Part ROLE_NOT_MANAGED =
      Part.unknown("ObserveOnly", "the service-linked role is not managed in ObserveOnly mode");

  private final CapacityProviders providers;
  private final Backoff backoff;
  private final DriftScanner scanner;

  Observation(CapacityProviders providers, Backoff backoff, DriftScanner scanner) {
    this.providers = providers;
    this.backoff = backoff;
    this.scanner = scanner;
  }

  Step run(CapacityProvider resource, Desired desired) {
    String uid = resource.getMetadata().getUid();
    Optional<ObservedProvider> found;
    try {
      found = providers.describe(desired.key());
    } catch (AwsCallException e) {
      return Step.after(
          Outcome.reconciling("AwsRetrying", e.failure().describe())
              .withRole(ROLE_NOT_MANAGED, null),
          backoff.next(uid, e.failure().retryable() ? Track.RETRY : Track.STALLED));
    }
    scanner.remember(resource, found);
    backoff.resetAll(uid);
    if (found.isEmpty() || found.get().gone()) {
      String message =
          "ObserveOnly: there is no capacity provider "
              + desired.describe()
              + "; the operator does not create it (set managementPolicy: Full to let it)";
      return Step.settled(
          Outcome.stalled("NotFound", message)
              .withSynced(Part.no("NotFound", message))
              .withAws(AwsState.ABSENT)
              .withRole(ROLE_NOT_MANAGED, null));
    }
    ObservedProvider actual = found.get();
    var aws = Convergence.aws(actual);
    if (actual.changing() || actual.deprovisioning()) {
      String message =
          "ECS reports "
              + desired.describe()
              + " as "
              + actual.status()
              + ", "
              + actual.updateStatus();
      return Step.after(
          Outcome.reconciling("AwsTransition", message)
              .withSynced(Part.no("AwsTransition", message))
              .withAws(aws)
              .withRole(ROLE_NOT_MANAGED, null),
          backoff.next(uid, Track.POLL));
    }
    List<String> differences =
        SpecDiff.configuration(desired.provider().configuration(), actual.configuration());
    if (!differences.isEmpty()) {
      String message =
          "ObserveOnly: "
              + desired.describe()
              + " differs from the spec in "
              + String.join(", ", differences)
              + "; the operator does not change it";
      return Step.settled(
          Outcome.stalled("DriftObserved", message)
              .withSynced(Part.no("DriftObserved", message))
              .withAws(aws)
              .withDrift(differences)
              .withRole(ROLE_NOT_MANAGED, null));
    }
    String message = "ObserveOnly: " + desired.describe() + " is ACTIVE and matches the spec";
    return Step.settled(
        Outcome.ready(message)
            .withSynced(Part.yes("InSync", message))
            .withAws(aws)
            .withDrift(List.of())
            .withRole(ROLE_NOT_MANAGED, null));
  }
}
