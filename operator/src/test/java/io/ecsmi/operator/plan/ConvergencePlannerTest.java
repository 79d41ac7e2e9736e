package io.ecsmi.operator.plan;

import static io.ecsmi.operator.plan.PlanFixtures.CREATED;
import static io.ecsmi.operator.plan.PlanFixtures.READY;
import static io.ecsmi.operator.plan.PlanFixtures.asCreated;
import static io.ecsmi.operator.plan.PlanFixtures.desired;
import static io.ecsmi.operator.plan.PlanFixtures.earlierIncarnation;
import static io.ecsmi.operator.plan.PlanFixtures.failure;
import static io.ecsmi.operator.plan.PlanFixtures.foreignTags;
import static io.ecsmi.operator.plan.PlanFixtures.observed;
import static io.ecsmi.operator.plan.PlanFixtures.summary;
import static io.ecsmi.operator.plan.PlanFixtures.withConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.aws.AwsFailure;
import io.ecsmi.operator.aws.AwsFailure.Kind;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator.RoleState;
import io.ecsmi.operator.plan.Plan.Report;
import io.ecsmi.operator.status.Outcome;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convergence planner as a table: one row per situation (what the spec asks, what ECS holds,
 * the role, what status said), the plan it must give, and what its messages must say. The numbered
 * defects of issue #10 have rows of their own.
 */
class ConvergencePlannerTest {

  private static final Desired MINIMAL = desired("minimal.yaml");
  private static final Desired SPOT = desired("spot.yaml");
  private static final Desired DETAILED =
      desired(
          "minimal.yaml",
          "{\"spec\":{\"managedInstancesProvider\":{\"instanceLaunchTemplate\":"
              + "{\"monitoring\":\"DETAILED\"}}}}");
  private static final Desired ADOPTING =
      desired("minimal.yaml", "{\"spec\":{\"adoptionPolicy\":\"AdoptExisting\"}}");
  private static final Desired GOV =
      desired("minimal.yaml", "{\"spec\":{\"region\":\"us-gov-west-1\"}}");

  /** Generation 2; status said in sync at {@code synced} (null: never). */
  private static Situation at(
      Desired d, ObservedProvider observed, RoleState role, Long synced, boolean retryDue) {
    return new Situation(d, Optional.ofNullable(observed), role, 2, synced, retryDue);
  }

  private static Situation at(Desired d, ObservedProvider observed, Long synced) {
    return at(d, observed, READY, synced, true);
  }

  private static Arguments row(
      String situation, Situation s, String expected, Consumer<Plan> alsoCheck) {
    return Arguments.of(situation, s, expected, alsoCheck);
  }

  private static Arguments row(String situation, Situation s, String expected) {
    return row(situation, s, expected, p -> {});
  }

  static Stream<Arguments> situations() {
    return Stream.of(
        row(
            "no provider, role ready: create it",
            at(MINIMAL, null, 1L),
            "actions=[Create:Created] outcome=- pace=SETTLED notices=[]"),
        row(
            "no provider, role just created: wait for IAM",
            at(MINIMAL, null, CREATED, null, true),
            "actions=[] outcome=RECONCILING/WaitingForServiceLinkedRole pace=after 500ms"
                + " notices=[ServiceLinkedRoleCreated]"),
        row(
            "no provider, role lookup denied: stalled with IAM's answer",
            at(
                MINIMAL,
                null,
                new RoleState.Failed(
                    failure(
                        Kind.ACCESS_DENIED, "GetRole", "AccessDenied", "not authorized to ...")),
                null,
                true),
            "actions=[] outcome=STALLED/AccessDenied pace=STALLED notices=[AccessDenied]"),
        row(
            "an INACTIVE provider of the name counts as none",
            at(MINIMAL, observed(MINIMAL, null, "INACTIVE", "DELETE_COMPLETE", Map.of()), 1L),
            "actions=[Create:Created] outcome=- pace=SETTLED notices=[]"),
        row(
            "ours, equal, ACTIVE: Ready",
            at(MINIMAL, asCreated(MINIMAL), 2L),
            "actions=[] outcome=READY/Ready pace=SETTLED notices=[]",
            p -> assertThat(p.outcome().role().status()).as("the role part").isEqualTo("True")),
        row(
            "ours, PROVISIONING: poll",
            at(
                MINIMAL,
                observed(MINIMAL, null, "PROVISIONING", "CREATE_IN_PROGRESS", tags(MINIMAL)),
                1L),
            "actions=[] outcome=RECONCILING/Creating pace=POLL notices=[]"),
        row(
            "ours, UPDATE_IN_PROGRESS: poll, no second update",
            at(
                DETAILED,
                observed(DETAILED, null, "ACTIVE", "UPDATE_IN_PROGRESS", tags(DETAILED)),
                1L),
            "actions=[] outcome=RECONCILING/Updating pace=POLL notices=[]"),
        row(
            "ours, being deleted outside Kubernetes: wait, then create again",
            at(
                MINIMAL,
                observed(MINIMAL, null, "DEPROVISIONING", "DELETE_IN_PROGRESS", tags(MINIMAL)),
                2L),
            "actions=[] outcome=RECONCILING/DeletedOutsideKubernetes pace=POLL notices=[]"),
        row(
            "another owner's provider: never touched",
            at(MINIMAL, observed(MINIMAL, null, "ACTIVE", "CREATE_COMPLETE", foreignTags()), null),
            "actions=[] outcome=STALLED/AlreadyExists pace=STALLED notices=[AlreadyExists]",
            p -> assertThat(p.outcome().message()).contains("team/other")),
        row(
            "an untagged provider without AdoptExisting: refused",
            at(MINIMAL, observed(MINIMAL, null, "ACTIVE", "CREATE_COMPLETE", Map.of()), null),
            "actions=[] outcome=STALLED/AlreadyExists pace=STALLED notices=[AlreadyExists]",
            p -> assertThat(p.outcome().message()).contains("AdoptExisting")),
        row(
            "an untagged provider with AdoptExisting: tagged as ours",
            at(ADOPTING, observed(ADOPTING, null, "ACTIVE", "CREATE_COMPLETE", Map.of()), null),
            "actions=[Tag:Adopted] outcome=- pace=SETTLED notices=[]",
            p -> assertThat(p.report().adopted()).isTrue()),
        row(
            "an earlier incarnation's provider with AdoptExisting: taken over",
            at(
                ADOPTING,
                observed(ADOPTING, null, "ACTIVE", "CREATE_COMPLETE", earlierIncarnation(ADOPTING)),
                null),
            "actions=[Tag:Adopted] outcome=- pace=SETTLED notices=[]"),
        row(
            "another owner's provider even with AdoptExisting: never taken",
            at(
                ADOPTING,
                observed(ADOPTING, null, "ACTIVE", "CREATE_COMPLETE", foreignTags()),
                null),
            "actions=[] outcome=STALLED/AlreadyExists pace=STALLED notices=[AlreadyExists]"),
        row(
            "defect 1: capacityOptionType differs (create-only): a conflict, no update",
            at(MINIMAL, withConfig(MINIMAL, spot()), 2L),
            "actions=[] outcome=STALLED/ImmutableInAws pace=STALLED notices=[ImmutableInAws]",
            p ->
                assertThat(p.outcome().message())
                    .contains(
                        "managedInstancesProvider.instanceLaunchTemplate.capacityOptionType: spec"
                            + " ON_DEMAND, AWS SPOT")
                    .contains("makes no AWS call")
                    .contains("deletionPolicy: Delete")),
        row(
            "defect 1: fipsEnabled differs (create-only): a conflict, no update",
            at(MINIMAL, withConfig(MINIMAL, fips(true)), 2L),
            "actions=[] outcome=STALLED/ImmutableInAws pace=STALLED notices=[ImmutableInAws]",
            p -> assertThat(p.outcome().message()).contains("fipsEnabled: spec false, AWS true")),
        row(
            "defect 1: a conflicting provider is not adopted either",
            at(ADOPTING, observed(ADOPTING, spot(), "ACTIVE", "CREATE_COMPLETE", Map.of()), null),
            "actions=[] outcome=STALLED/ImmutableInAws pace=STALLED notices=[ImmutableInAws]"),
        row(
            "defect 1: FIPS is the default in GovCloud, so AWS's true matches a spec without it",
            at(GOV, withConfig(GOV, fips(true)), 2L),
            "actions=[] outcome=READY/Ready pace=SETTLED notices=[]"),
        row(
            "defect 1: a create-only conflict wins over an updatable difference",
            at(
                DETAILED,
                withConfig(
                    DETAILED,
                    "{\"instanceLaunchTemplate\":{\"capacityOptionType\":\"SPOT\","
                        + "\"monitoring\":\"BASIC\"}}"),
                1L),
            "actions=[] outcome=STALLED/ImmutableInAws pace=STALLED notices=[ImmutableInAws]"),
        row(
            "defect 2: monitoring removed from the spec: reverted to its documented default",
            at(MINIMAL, withConfig(MINIMAL, monitoring("DETAILED")), 1L),
            "actions=[Update:Updated] outcome=- pace=SETTLED notices=[]",
            p ->
                assertThat(p.actions().get(0).done().message())
                    .contains("monitoring: spec BASIC, AWS DETAILED")),
        row(
            "documented defaults ECS does not report are not a difference (no update loop)",
            at(MINIMAL, withConfig(MINIMAL, null), 2L),
            "actions=[] outcome=READY/Ready pace=SETTLED notices=[]"),
        row(
            "defect 2: the spec was edited and no longer sets storage: the update leaves it out",
            at(MINIMAL, withConfig(MINIMAL, storage(100)), 1L),
            "actions=[Update:Updated] outcome=- pace=SETTLED notices=[]",
            p ->
                assertThat(((Action.Update) p.actions().get(0)).fields())
                    .containsExactly(
                        "managedInstancesProvider.instanceLaunchTemplate.storageConfiguration")),
        row(
            "between edits, what ECS holds beyond the spec is ECS's: no update, no loop",
            at(MINIMAL, withConfig(MINIMAL, storage(100)), 2L),
            "actions=[] outcome=READY/Ready pace=SETTLED notices=[]",
            p ->
                assertThat(p.outcome().synced().message())
                    .contains("ECS also holds members the spec does not set")
                    .contains("storageConfiguration")),
        row(
            "defect 4: a value this operator does not know is compared and shown as it is",
            at(DETAILED, withConfig(DETAILED, monitoring("ULTRA")), 1L),
            "actions=[Update:Updated] outcome=- pace=SETTLED notices=[]",
            p ->
                assertThat(p.actions().get(0).done().message())
                    .contains("monitoring: spec DETAILED, AWS ULTRA")),
        row(
            "defect 4: an unknown value in a member the spec leaves to ECS is fine",
            at(
                SPOT,
                withConfig(
                    SPOT,
                    "{\"instanceLaunchTemplate\":{\"capacityOptionType\":\"SPOT\","
                        + "\"instanceRequirements\":{\"burstablePerformance\":\"sometimes\"}}}"),
                2L),
            "actions=[] outcome=READY/Ready pace=SETTLED notices=[]"),
        row(
            "changed outside Kubernetes while in sync: drift, corrected",
            at(DETAILED, withConfig(DETAILED, monitoring("BASIC")), 2L),
            "actions=[Update:DriftCorrected] outcome=- pace=SETTLED notices=[]",
            p ->
                assertThat(p.report().drift())
                    .containsExactly("managedInstancesProvider.instanceLaunchTemplate.monitoring")),
        row(
            "the last update failed and its retry is not due: wait it out",
            at(
                DETAILED,
                observed(DETAILED, monitoring("BASIC"), "ACTIVE", "UPDATE_FAILED", tags(DETAILED)),
                READY,
                1L,
                false),
            "actions=[] outcome=RECONCILING/UpdateFailed pace=REFUSED_REMAINING notices=[]"),
        row(
            "the last update failed and its retry is due: retry, slower next time",
            at(
                DETAILED,
                observed(DETAILED, monitoring("BASIC"), "ACTIVE", "UPDATE_FAILED", tags(DETAILED)),
                READY,
                1L,
                true),
            "actions=[Update:Updated] outcome=- pace=SETTLED notices=[UpdateFailed]"
                + " attempt=REFUSED"),
        row(
            "only tags differ: tag and untag, no update",
            at(
                MINIMAL,
                observed(MINIMAL, null, "ACTIVE", "CREATE_COMPLETE", withRogueTag(MINIMAL)),
                1L),
            "actions=[Untag:Updated] outcome=- pace=SETTLED notices=[]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("situations")
  void plansEachSituation(
      String situation, Situation s, String expected, Consumer<Plan> alsoCheck) {
    Plan plan = ConvergencePlanner.plan(s);

    assertThat(summary(plan)).as(situation).isEqualTo(expected);
    alsoCheck.accept(plan);
  }

  static Stream<Arguments> reports() {
    return Stream.of(
        Arguments.of(
            "after an update, ECS shows it done: Ready",
            withConfig(DETAILED, null),
            "actions=[] outcome=READY/Ready pace=SETTLED notices=[]"),
        Arguments.of(
            "defect 6: after an update, ECS still shows the old configuration: not Ready yet",
            withConfig(DETAILED, monitoring("BASIC")),
            "actions=[] outcome=RECONCILING/Updating pace=POLL notices=[]"),
        Arguments.of(
            "after an update, ECS works on it: poll",
            observed(DETAILED, null, "ACTIVE", "UPDATE_IN_PROGRESS", tags(DETAILED)),
            "actions=[] outcome=RECONCILING/Updating pace=POLL notices=[]"));
  }

  @Test
  void aProviderInSyncWhoseRoleIsNotThereYetLooksAgainWhenTheCoordinatorSays() {
    RoleState gone =
        new RoleState.Pending(
            "WaitingForIam",
            "IAM says it already has the AWSServiceRoleForECSCompute role; waiting for IAM",
            Duration.ofSeconds(4),
            false,
            "AWSServiceRoleForECSCompute");

    Plan waiting = ConvergencePlanner.plan(at(MINIMAL, asCreated(MINIMAL), gone, 2L, true));
    Plan settled = ConvergencePlanner.plan(at(MINIMAL, asCreated(MINIMAL), READY, 2L, true));

    assertThat(waiting.outcome().role().status()).isEqualTo("False");
    assertThat(waiting.after()).as("not at the next resync only").contains(Duration.ofSeconds(4));
    assertThat(settled.after()).isEmpty();
    assertThat(ConvergencePlanner.report(MINIMAL, asCreated(MINIMAL), Report.NONE, gone).after())
        .contains(Duration.ofSeconds(4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reports")
  void reportsFromWhatAwsSaidAfterTheActions(
      String situation, ObservedProvider reread, String expected) {
    Plan plan = ConvergencePlanner.report(DETAILED, reread, Report.NONE, READY);

    assertThat(summary(plan)).as(situation).isEqualTo(expected);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            Kind.THROTTLED, "actions=[] outcome=RECONCILING/AwsRetrying pace=RETRY notices=[]"),
        Arguments.of(
            Kind.TRANSIENT, "actions=[] outcome=RECONCILING/AwsRetrying pace=RETRY notices=[]"),
        Arguments.of(Kind.BUSY, "actions=[] outcome=RECONCILING/AwsRetrying pace=RETRY notices=[]"),
        Arguments.of(
            Kind.ROLE_NOT_READY,
            "actions=[] outcome=RECONCILING/WaitingForServiceLinkedRole pace=RETRY notices=[]"),
        Arguments.of(Kind.INVALID, "actions=[] outcome=STALLED/Code pace=STALLED notices=[Code]"),
        Arguments.of(
            Kind.CLUSTER_NOT_FOUND, "actions=[] outcome=STALLED/Code pace=STALLED notices=[Code]"),
        Arguments.of(
            Kind.ACCESS_DENIED, "actions=[] outcome=STALLED/Code pace=STALLED notices=[Code]"),
        Arguments.of(
            Kind.INTERNAL,
            "actions=[] outcome=STALLED/InternalError pace=INTERNAL notices=[InternalError]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void reactsToEachKindOfFailure(Kind kind, String expected) {
    AwsFailure failure = failure(kind, "CreateCapacityProvider", "Code", "what AWS said");

    Plan plan = ConvergencePlanner.failed(failure, READY);

    assertThat(summary(plan)).isEqualTo(expected);
    if (plan.outcome().progress() == Outcome.Progress.STALLED) {
      assertThat(plan.outcome().message()).contains("what AWS said");
    }
  }

  @org.junit.jupiter.api.Test
  void aRegionOfAnUnsupportedPartitionStallsBeforeAnyAwsCall() {
    Desired iso = desired("minimal.yaml", "{\"spec\":{\"region\":\"us-iso-east-1\"}}");

    Optional<Plan> plan = ConvergencePlanner.beforeAws(iso);

    assertThat(plan).isPresent();
    assertThat(summary(plan.get()))
        .isEqualTo(
            "actions=[] outcome=STALLED/UnsupportedRegion pace=SETTLED"
                + " notices=[UnsupportedRegion]");
    assertThat(plan.get().outcome().message()).contains("spec.region").contains("aws-cn");
    assertThat(ConvergencePlanner.beforeAws(MINIMAL)).isEmpty();
  }

  // ---- configuration patches (merge patches on managedInstancesProvider) ----------------------

  private static String spot() {
    return "{\"instanceLaunchTemplate\":{\"capacityOptionType\":\"SPOT\"}}";
  }

  private static String fips(boolean on) {
    return "{\"instanceLaunchTemplate\":{\"fipsEnabled\":" + on + "}}";
  }

  private static String monitoring(String value) {
    return "{\"instanceLaunchTemplate\":{\"monitoring\":\"" + value + "\"}}";
  }

  private static String storage(int gib) {
    return "{\"instanceLaunchTemplate\":{\"storageConfiguration\":{\"storageSizeGiB\":"
        + gib
        + "}}}";
  }

  private static Map<String, String> tags(Desired d) {
    return d.provider().tags();
  }

  private static Map<String, String> withRogueTag(Desired d) {
    Map<String, String> tags = new java.util.HashMap<>(d.provider().tags());
    tags.put("rogue", "1");
    return tags;
  }
}
