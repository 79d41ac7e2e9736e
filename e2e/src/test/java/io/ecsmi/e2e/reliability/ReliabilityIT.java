package io.ecsmi.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make reliability}'s short version: every scenario (1 AWS faults, 2 operator crashes, 3
 * failover, 4 API server restarts, 5 races on the role, 6 foreign resources, 7 permanent failures,
 * 8 the role behind the operator's back) at a smaller size, every invariant checked after each.
 */
class ReliabilityIT {

  @TempDir Path work;

  @Test
  void awsFaultsLeaveNothingLeakedDuplicatedOrStuck() {
    Outcome outcome = AwsFaults.run(work, 30);

    assertThat(outcome.faults()).as("faults were injected").isPositive();
    assertThat(outcome.violations()).isEmpty();
  }

  @Test
  void crashesAtRandomPointsLeaveNothingLeakedDuplicatedOrStuck() {
    Outcome outcome = Crashes.run(work, 16, 6, 2);

    assertThat(outcome.crashes()).isEqualTo(6);
    assertThat(outcome.violations()).isEmpty();
  }

  @Test
  void leadersKilledHandOverInTimeAndNeverCallAwsAlongsideTheirSuccessor() {
    Outcome outcome = Failover.run(work, 12, 3, 3);

    assertThat(outcome.crashes()).isEqualTo(3);
    assertThat(outcome.violations()).isEmpty();
  }

  @Test
  void watchesRecoverFromApiServerRestartsWithoutTheOperatorRestarting() {
    Outcome outcome = ApiServerRestarts.run(work, 12, 2, 4);

    assertThat(outcome.faults()).as("API server restarts").isEqualTo(2);
    assertThat(outcome.violations()).isEmpty();
  }

  @Test
  void namesSomeoneElseHoldsAreNeverTakenOverAndChangesBehindItsBackAreUndone() {
    Outcome outcome = ForeignResources.run(work, 20);

    assertThat(outcome.violations()).isEmpty();
  }

  @Test
  void permanentFailuresStallCheaplyRecoverOnTheirOwnAndLeaveTheHealthyOnesAlone() {
    Outcome outcome = PermanentFailures.run(work, 10);

    assertThat(outcome.figures()).hasSize(3);
    assertThat(outcome.violations()).isEmpty();
  }

  @Test
  void aRoleDeletedBehindItsBackIsSeenByEveryResourceWithinAResyncAndOneGetRoleEach() {
    Outcome outcome = RoleBehindItsBack.run(work, 12);

    assertThat(outcome.violations()).isEmpty();
  }

  @Test
  void theRoleSurvivesItsRaces() {
    Outcome outcome = RoleRaces.run(work, 6);

    assertThat(outcome.violations()).isEmpty();
  }
}
