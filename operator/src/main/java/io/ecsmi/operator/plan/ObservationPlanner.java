package io.ecsmi.operator.plan;

import io.ecsmi.operator.aws.AwsFailure;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.SpecDiff.Difference;
import io.ecsmi.operator.status.Outcome;
import io.ecsmi.operator.status.Outcome.AwsState;
import io.ecsmi.operator.status.Outcome.Part;
import java.util.List;
import java.util.Optional;

/**
 * {@code managementPolicy: ObserveOnly}: mirrors the ECS capacity provider into status and never
 * plans an AWS change (not even for the service-linked role). Differences from the spec are
 * reported, not corrected.
 */
public final class ObservationPlanner {

  static final Part ROLE_NOT_MANAGED =
      Part.unknown("ObserveOnly", "the service-linked role is not managed in ObserveOnly mode");

  private ObservationPlanner() {}

  public static Plan observe(Desired d, Optional<ObservedProvider> found) {
    if (found.isEmpty() || found.get().gone()) {
      String message =
          "ObserveOnly: there is no capacity provider "
              + d.describe()
              + "; the operator does not create it (set managementPolicy: Full to let it)";
      return Plan.report(
          Outcome.stalled("NotFound", message)
              .withSynced(Part.no("NotFound", message))
              .withAws(AwsState.ABSENT)
              .withRole(ROLE_NOT_MANAGED, null),
          Pace.SETTLED);
    }
    ObservedProvider actual = found.get();
    AwsState aws = ConvergencePlanner.aws(actual);
    if (actual.changing() || actual.deprovisioning()) {
      String message =
          "ECS reports " + d.describe() + " as " + actual.status() + ", " + actual.updateStatus();
      return Plan.report(
          Outcome.reconciling("AwsTransition", message)
              .withSynced(Part.no("AwsTransition", message))
              .withAws(aws)
              .withRole(ROLE_NOT_MANAGED, null),
          Pace.POLL);
    }
    List<Difference> differences = Comparison.of(d, actual).differences();
    if (!differences.isEmpty()) {
      String message =
          "ObserveOnly: "
              + d.describe()
              + " differs from the spec in "
              + Comparison.describe(differences)
              + "; the operator does not change it";
      return Plan.report(
          Outcome.stalled("DriftObserved", message)
              .withSynced(Part.no("DriftObserved", message))
              .withAws(aws)
              .withDrift(differences.stream().map(Difference::path).toList())
              .withRole(ROLE_NOT_MANAGED, null),
          Pace.SETTLED);
    }
    String message = "ObserveOnly: " + d.describe() + " is ACTIVE and matches the spec";
    return Plan.report(
        Outcome.ready(message)
            .withSynced(Part.yes("InSync", message))
            .withAws(aws)
            .withDrift(List.of())
            .withRole(ROLE_NOT_MANAGED, null),
        Pace.SETTLED);
  }

  /** The describe failed: the same reactions as in Full mode, the role not managed. */
  public static Plan failed(AwsFailure failure) {
    Plan plan = ConvergencePlanner.failed(failure, null);
    return plan.withOutcome(plan.outcome().withRole(ROLE_NOT_MANAGED, null));
  }
}
