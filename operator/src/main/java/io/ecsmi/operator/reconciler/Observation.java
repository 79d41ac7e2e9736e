package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.aws.CapacityProviders;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.plan.ConvergencePlanner;
import io.ecsmi.operator.plan.Desired;
import io.ecsmi.operator.plan.ObservationPlanner;
import io.ecsmi.operator.plan.Plan;
import java.util.Optional;

/**
 * {@code managementPolicy: ObserveOnly}, the executor: describes the provider and reports what
 * {@link ObservationPlanner} makes of it. It never calls a mutating AWS API.
 */
final class Observation {

  private final CapacityProviders providers;
  private final Effects effects;
  private final DriftScanner scanner;

  Observation(CapacityProviders providers, Effects effects, DriftScanner scanner) {
    this.providers = providers;
    this.effects = effects;
    this.scanner = scanner;
  }

  Step run(CapacityProvider resource, Desired desired) {
    Plan plan =
        ConvergencePlanner.beforeAws(desired)
            .orElseGet(
                () -> {
                  try {
                    Optional<ObservedProvider> found = providers.describe(desired.key());
                    scanner.remember(resource, found);
                    return ObservationPlanner.observe(desired, found);
                  } catch (RuntimeException e) {
                    return ObservationPlanner.failed(
                        effects.failure(resource, "DescribeCapacityProviders", e));
                  }
                });
    effects.recordAll(resource, plan);
    return new Step(plan.outcome(), effects.requeue(resource, plan));
  }
}
