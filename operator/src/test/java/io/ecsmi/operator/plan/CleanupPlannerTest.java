package io.ecsmi.operator.plan;

import static io.ecsmi.operator.plan.PlanFixtures.asCreated;
import static io.ecsmi.operator.plan.PlanFixtures.desired;
import static io.ecsmi.operator.plan.PlanFixtures.failure;
import static io.ecsmi.operator.plan.PlanFixtures.foreignTags;
import static io.ecsmi.operator.plan.PlanFixtures.observed;
import static io.ecsmi.operator.plan.PlanFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.aws.AwsFailure.Kind;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator.Release;
import io.ecsmi.operator.plan.CleanupPlanner.Departure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The finalizer's planner as a table: one row per situation of a deleted resource. */
class CleanupPlannerTest {

  private static final Desired MINIMAL = desired("minimal.yaml");

  private static Departure leaving(ObservedProvider observed, boolean hadProvider, boolean due) {
    return new Departure(MINIMAL, Optional.ofNullable(observed), hadProvider, due);
  }

  private static Arguments row(String situation, Departure x, String expected) {
    return Arguments.of(situation, x, expected);
  }

  static Stream<Arguments> departures() {
    return Stream.of(
        row(
            "no provider, one was recorded: it is deleted; the role's step follows",
            leaving(null, true, true),
            "actions=[ReleaseRole:Deleted] outcome=- pace=SETTLED notices=[]"),
        row(
            "no provider and none recorded: only the role's step",
            leaving(null, false, true),
            "actions=[ReleaseRole] outcome=- pace=SETTLED notices=[]"),
        row(
            "INACTIVE counts as deleted",
            leaving(observed(MINIMAL, null, "INACTIVE", "DELETE_COMPLETE", Map.of()), true, true),
            "actions=[ReleaseRole:Deleted] outcome=- pace=SETTLED notices=[]"),
        row(
            "not ours: left alone, the finalizer goes",
            leaving(
                observed(MINIMAL, null, "ACTIVE", "CREATE_COMPLETE", foreignTags()), true, true),
            "actions=[] outcome=- pace=SETTLED notices=[NotOwned] finished"),
        row(
            "ours and ACTIVE: delete it",
            leaving(asCreated(MINIMAL), true, true),
            "actions=[Delete:Deleting] outcome=- pace=SETTLED notices=[]"),
        row(
            "being deleted: poll",
            leaving(
                observed(
                    MINIMAL,
                    null,
                    "DEPROVISIONING",
                    "DELETE_IN_PROGRESS",
                    MINIMAL.provider().tags()),
                true,
                true),
            "actions=[] outcome=RECONCILING/Deleting pace=POLL notices=[]"),
        row(
            "the deletion failed and its retry is not due: wait it out",
            leaving(
                observed(MINIMAL, null, "ACTIVE", "DELETE_FAILED", MINIMAL.provider().tags()),
                true,
                false),
            "actions=[] outcome=RECONCILING/DeleteFailed pace=REFUSED_REMAINING notices=[]"),
        row(
            "the deletion failed and its retry is due: delete again, slower next time",
            leaving(
                observed(MINIMAL, null, "ACTIVE", "DELETE_FAILED", MINIMAL.provider().tags()),
                true,
                true),
            "actions=[Delete:Deleting] outcome=- pace=SETTLED notices=[DeleteFailed]"
                + " attempt=REFUSED"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("departures")
  void plansEachDeparture(String situation, Departure x, String expected) {
    assertThat(summary(CleanupPlanner.plan(x))).as(situation).isEqualTo(expected);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "DeleteCapacityProvider: the provider does not exist (any more): the role's step",
            Kind.NOT_FOUND,
            true,
            "actions=[ReleaseRole:Deleted] outcome=- pace=SETTLED notices=[]",
            (Consumer<Plan>) p -> {}),
        Arguments.of(
            "defect 3: the cluster is not found: nothing is confirmed, the finalizer stays",
            Kind.CLUSTER_NOT_FOUND,
            true,
            "actions=[] outcome=STALLED/ClusterNotFound pace=STALLED notices=[ClusterNotFound]",
            (Consumer<Plan>)
                p ->
                    assertThat(p.outcome().message())
                        .contains("what AWS said")
                        .contains("deletionPolicy: Retain")),
        Arguments.of(
            "the cluster is not found and no provider was ever recorded: nothing to delete",
            Kind.CLUSTER_NOT_FOUND,
            false,
            "actions=[] outcome=- pace=SETTLED notices=[NothingToDelete] finished",
            (Consumer<Plan>) p -> {}),
        Arguments.of(
            "in use: stalled, retried slowly",
            Kind.IN_USE,
            true,
            "actions=[] outcome=STALLED/CapacityProviderInUse pace=REFUSED"
                + " notices=[CapacityProviderInUse]",
            (Consumer<Plan>) p -> {}),
        Arguments.of(
            "throttled: retried",
            Kind.THROTTLED,
            true,
            "actions=[] outcome=RECONCILING/AwsRetrying pace=RETRY notices=[]",
            (Consumer<Plan>) p -> {}),
        Arguments.of(
            "access denied: stalled",
            Kind.ACCESS_DENIED,
            true,
            "actions=[] outcome=STALLED/Code pace=STALLED notices=[Code]",
            (Consumer<Plan>) p -> {}),
        Arguments.of(
            "an operator bug: stalled, a few attempts",
            Kind.INTERNAL,
            true,
            "actions=[] outcome=STALLED/InternalError pace=INTERNAL notices=[InternalError]",
            (Consumer<Plan>) p -> {}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void reactsToEachFailure(
      String situation, Kind kind, boolean hadProvider, String expected, Consumer<Plan> check) {
    Plan plan =
        CleanupPlanner.failed(
            MINIMAL, failure(kind, "DeleteCapacityProvider", "Code", "what AWS said"), hadProvider);

    assertThat(summary(plan)).as(situation).isEqualTo(expected);
    check.accept(plan);
  }

  @Test
  void retainAndObserveOnlyLeaveAwsAloneWithoutAsking() {
    Desired retain = desired("minimal.yaml", "{\"spec\":{\"deletionPolicy\":\"Retain\"}}");
    Desired observe = desired("minimal.yaml", "{\"spec\":{\"managementPolicy\":\"ObserveOnly\"}}");

    assertThat(summary(CleanupPlanner.beforeAws(retain).orElseThrow()))
        .isEqualTo("actions=[] outcome=- pace=SETTLED notices=[Retained] finished");
    assertThat(summary(CleanupPlanner.beforeAws(observe).orElseThrow()))
        .isEqualTo("actions=[] outcome=- pace=SETTLED notices=[Retained] finished");
    assertThat(CleanupPlanner.beforeAws(MINIMAL)).isEmpty();
  }

  @Test
  void theRolesStepEndsTheCleanupUnlessItIsStillRunning() {
    assertThat(summary(CleanupPlanner.afterRelease(new Release.Done("RoleDeleted", "deleted"))))
        .isEqualTo("actions=[] outcome=- pace=SETTLED notices=[ServiceLinkedRoleDeleted] finished");
    assertThat(summary(CleanupPlanner.afterRelease(new Release.Done("RoleStillUsed", "2 use it"))))
        .isEqualTo("actions=[] outcome=- pace=SETTLED notices=[] finished");
    assertThat(
            summary(
                CleanupPlanner.afterRelease(
                    new Release.InUseElsewhere("in use", Map.of("eu-west-1", List.of("arn"))))))
        .isEqualTo("actions=[] outcome=- pace=SETTLED notices=[ServiceLinkedRoleInUse] finished");
    assertThat(
            summary(
                CleanupPlanner.afterRelease(
                    new Release.Pending("deleting the role", Duration.ofSeconds(2)))))
        .isEqualTo(
            "actions=[] outcome=RECONCILING/DeletingServiceLinkedRole pace=after 2000ms"
                + " notices=[]");
  }
}
