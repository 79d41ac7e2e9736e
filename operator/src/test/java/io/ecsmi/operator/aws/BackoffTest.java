package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.ManualClock;
import io.ecsmi.operator.aws.Backoff.Track;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final ManualClock clock = new ManualClock();
  private final Backoff backoff = new Backoff(clock);

  @Test
  void delaysDoubleWithJitterUpToTheTracksMaximum() {
    assertThat(backoff.next("a", Track.RETRY))
        .isBetween(Duration.ofSeconds(1), Duration.ofMillis(1100));
    assertThat(backoff.next("a", Track.RETRY))
        .isBetween(Duration.ofSeconds(2), Duration.ofMillis(2200));
    for (int i = 0; i < 20; i++) {
      backoff.next("a", Track.RETRY);
    }
    assertThat(backoff.next("a", Track.RETRY))
        .isBetween(Duration.ofMinutes(1), Duration.ofSeconds(66));
    assertThat(backoff.next("b", Track.RETRY))
        .as("per resource")
        .isLessThan(Duration.ofMillis(1101));
  }

  @Test
  void aStalledResourceIsRetriedAFewTimesAnHourAtMost() {
    Duration first = backoff.next("a", Track.STALLED);

    assertThat(first).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11));
    for (int i = 0; i < 10; i++) {
      backoff.next("a", Track.STALLED);
    }
    assertThat(backoff.next("a", Track.STALLED))
        .as("once an hour at most after a few attempts")
        .isBetween(Duration.ofHours(1), Duration.ofMinutes(66));
  }

  @Test
  void aStalledResourceWaitsTheConfiguredFirstWaitDoublingToSixTimesIt() {
    Backoff configured = new Backoff(clock, Duration.ofSeconds(5));

    assertThat(configured.next("a", Track.STALLED))
        .isBetween(Duration.ofSeconds(5), Duration.ofMillis(5500));
    assertThat(configured.next("a", Track.STALLED))
        .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));
    assertThat(configured.next("a", Track.STALLED))
        .isBetween(Duration.ofSeconds(20), Duration.ofSeconds(22));
    assertThat(configured.next("a", Track.STALLED))
        .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(33));
    assertThat(configured.next("a", Track.RETRY))
        .as("other tracks keep their delays")
        .isBetween(Duration.ofSeconds(1), Duration.ofMillis(1100));
  }

  @Test
  void tellsWhenAWaitIsOver() {
    assertThat(backoff.due("a", Track.REFUSED)).isTrue();
    backoff.next("a", Track.REFUSED);
    assertThat(backoff.due("a", Track.REFUSED)).isFalse();
    assertThat(backoff.remaining("a", Track.REFUSED))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(12));
    assertThat(backoff.due("a", Track.REFUSED)).isTrue();
    assertThat(backoff.remaining("a", Track.REFUSED)).isZero();

    backoff.resetAll("a");
    assertThat(backoff.next("a", Track.REFUSED)).isLessThan(Duration.ofSeconds(12));
  }
}
