package io.ecsmi.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeTest {

  private static final Instant NOW = Instant.parse("2026-11-29T15:00:00.250Z");

  @Test
  void aStalledOutcomeSaysWhenTheOperatorLooksAgain() {
    Outcome stalled =
        Outcome.stalled("AccessDenied", "CreateCapacityProvider failed: AccessDenied.")
            .lookingAgain(Optional.of(Duration.ofSeconds(632)), NOW);

    assertThat(stalled.message())
        .isEqualTo(
            "CreateCapacityProvider failed: AccessDenied. The operator looks again in 10m32s (at"
                + " 2026-11-29T15:10:32Z), or at once when the resource changes");
  }

  @Test
  void withoutARetryItSaysOnlyAChangeMakesItLookAgain() {
    Outcome stalled = Outcome.stalled("InternalError", "a bug").lookingAgain(Optional.empty(), NOW);

    assertThat(stalled.message())
        .isEqualTo("a bug. The operator looks again when the resource changes");
  }

  @Test
  void otherOutcomesAreLeftAsTheyAre() {
    Outcome reconciling = Outcome.reconciling("AwsRetrying", "throttled");

    assertThat(reconciling.lookingAgain(Optional.of(Duration.ofSeconds(5)), NOW))
        .isSameAs(reconciling);
  }

  @ParameterizedTest
  @CsvSource({"PT0.2S,1s", "PT45S,45s", "PT10M,10m", "PT1H2M3S,1h2m3s", "PT1H,1h", "PT59.5S,1m"})
  void durationsReadAsPeopleWriteThem(Duration duration, String readable) {
    assertThat(Outcome.readable(duration)).isEqualTo(readable);
  }
}
