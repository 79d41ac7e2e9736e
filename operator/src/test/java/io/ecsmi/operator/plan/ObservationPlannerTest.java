package io.ecsmi.operator.plan;

import static io.ecsmi.operator.plan.PlanFixtures.asCreated;
import static io.ecsmi.operator.plan.PlanFixtures.desired;
import static io.ecsmi.operator.plan.PlanFixtures.observed;
import static io.ecsmi.operator.plan.PlanFixtures.summary;
import static io.ecsmi.operator.plan.PlanFixtures.withConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ObserveOnly never plans an AWS change; it reports what ECS holds against the spec. */
class ObservationPlannerTest {

  private static final Desired OBSERVING =
      desired("minimal.yaml", "{\"spec\":{\"managementPolicy\":\"ObserveOnly\"}}");

  @Test
  void anAbsentProviderIsReportedNotCreated() {
    assertThat(summary(ObservationPlanner.observe(OBSERVING, Optional.empty())))
        .isEqualTo("actions=[] outcome=STALLED/NotFound pace=SETTLED notices=[]");
  }

  @Test
  void anEqualProviderIsReady() {
    assertThat(summary(ObservationPlanner.observe(OBSERVING, Optional.of(asCreated(OBSERVING)))))
        .isEqualTo("actions=[] outcome=READY/Ready pace=SETTLED notices=[]");
  }

  @Test
  void differencesAreReportedWithBothValuesAndNotCorrected() {
    Plan plan =
        ObservationPlanner.observe(
            OBSERVING,
            Optional.of(
                withConfig(
                    OBSERVING,
                    "{\"instanceLaunchTemplate\":{\"monitoring\":\"ULTRA\","
                        + "\"capacityOptionType\":\"SPOT\"}}")));

    assertThat(summary(plan))
        .isEqualTo("actions=[] outcome=STALLED/DriftObserved pace=SETTLED notices=[]");
    assertThat(plan.outcome().message())
        .contains("monitoring: spec BASIC, AWS ULTRA")
        .contains("capacityOptionType: spec ON_DEMAND, AWS SPOT");
    assertThat(plan.outcome().drift()).hasSize(2);
  }

  @Test
  void aTransitionIsPolled() {
    assertThat(
            summary(
                ObservationPlanner.observe(
                    OBSERVING,
                    Optional.of(
                        observed(
                            OBSERVING, null, "PROVISIONING", "CREATE_IN_PROGRESS", Map.of())))))
        .isEqualTo("actions=[] outcome=RECONCILING/AwsTransition pace=POLL notices=[]");
  }
}
