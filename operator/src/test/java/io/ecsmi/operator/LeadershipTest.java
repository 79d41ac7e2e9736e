package io.ecsmi.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeadershipTest {

  private final AtomicInteger lost = new AtomicInteger();

  private Leadership leadership(boolean enabled) {
    OperatorConfig config =
        OperatorConfig.builder("us-east-1")
            .identity("replica-a")
            .leadership(
                new OperatorConfig.Leadership(
                    enabled, "ecs-mi-operator", Optional.of("ops"), Duration.ofSeconds(15)))
            .build();
    return new Leadership(config, null, Clock.systemUTC(), lost::incrementAndGet);
  }

  private static LeaderCallbacks callbacks(Leadership leadership) {
    return leadership.configuration().getLeaderCallbacks().orElseThrow();
  }

  @Test
  void aStandbyRetriesOftenEnoughToTakeAReleasedLeaseWithinTwoSeconds() {
    assertThat(Leadership.retryPeriod(Duration.ofSeconds(15))).isEqualTo(Duration.ofMillis(800));
    assertThat(Leadership.retryPeriod(Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(5).dividedBy(7));
    // client-go's jitter: up to 1.2 x the period on top of it.
    assertThat(Leadership.MAX_RETRY.multipliedBy(22).dividedBy(10))
        .isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void leaderOnlyWorkStartsWhenThisReplicaLeads() {
    Leadership leadership = leadership(true);
    List<String> done = new ArrayList<>();
    leadership.whenLeading(() -> done.add("gauges"));

    assertThat(leadership.leading()).isFalse();
    assertThat(done).isEmpty();
    callbacks(leadership).onStartLeading();
    assertThat(leadership.leading()).isTrue();
    assertThat(done).containsExactly("gauges");
    leadership.whenLeading(() -> done.add("later"));
    assertThat(done).containsExactly("gauges", "later");
  }

  @Test
  void withoutLeaderElectionTheReplicaLeadsFromTheStart() {
    Leadership leadership = leadership(false);
    List<String> done = new ArrayList<>();
    leadership.whenLeading(() -> done.add("gauges"));

    assertThat(leadership.leading()).isTrue();
    assertThat(done).containsExactly("gauges");
    assertThat(leadership.release()).as("no Lease to release").isFalse();
  }

  @Test
  void losingTheLeaseWhileRunningExitsButOurOwnShutdownDoesNot() {
    Leadership running = leadership(true);
    callbacks(running).onStartLeading();
    callbacks(running).onStopLeading();
    assertThat(lost).as("lost while running: exit").hasValue(1);

    Leadership stopping = leadership(true);
    callbacks(stopping).onStartLeading();
    stopping.stopping();
    callbacks(stopping).onStopLeading();
    assertThat(lost).as("stopped by our own shutdown: no second exit").hasValue(1);
  }

  @Test
  void theElectorNeverCallsSystemExitItself() {
    assertThat(leadership(true).configuration().isExitOnStopLeading()).isFalse();
  }
}
