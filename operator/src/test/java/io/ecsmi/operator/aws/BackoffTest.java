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

    assertThat(first).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
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
