package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** ECS's token buckets on the operator's side (ECS API Reference, request throttling). */
class RequestQuotasTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final RequestQuotas quotas = new RequestQuotas(RequestQuotas.ECS, nanos::get);

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void fiveCreatesGoAtOnceThenOnePerSecondInTheOrderAsked() {
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      waits.add(quotas.reserve("us-east-1", "CreateCapacityProvider"));
    }

    assertThat(waits.subList(0, 5))
        .as("half of ECS's burst of 10: the rest absorbs late arrivals and other clients")
        .containsOnly(Duration.ZERO);
    assertThat(waits.subList(5, 8))
        .as("a second apart, and 5% more so that jitter cannot make a call early")
        .containsExactly(Duration.ofMillis(1050), Duration.ofMillis(2100), Duration.ofMillis(3150));
  }

  @Test
  void createUpdateAndDeleteShareOneBucketPerRegion() {
    for (int i = 0; i < 5; i++) {
      quotas.reserve("us-east-1", i % 2 == 0 ? "UpdateCapacityProvider" : "DeleteCapacityProvider");
    }

    assertThat(quotas.reserve("us-east-1", "CreateCapacityProvider"))
        .as("the category's bucket is empty")
        .isEqualTo(Duration.ofMillis(1050));
    assertThat(quotas.reserve("eu-west-1", "CreateCapacityProvider"))
        .as("another region has a bucket of its own")
        .isZero();
    assertThat(quotas.reserve("us-east-1", "DescribeCapacityProviders"))
        .as("reads are another category")
        .isZero();
  }

  @Test
  void theBucketRefillsAtItsRateUpToItsBurst() {
    for (int i = 0; i < 5; i++) {
      quotas.reserve("us-east-1", "CreateCapacityProvider");
    }
    advance(Duration.ofMillis(3150));
    for (int i = 0; i < 3; i++) {
      assertThat(quotas.reserve("us-east-1", "CreateCapacityProvider")).isZero();
    }
    assertThat(quotas.reserve("us-east-1", "CreateCapacityProvider"))
        .isEqualTo(Duration.ofMillis(1050));

    advance(Duration.ofHours(1));
    for (int i = 0; i < 5; i++) {
      assertThat(quotas.reserve("us-east-1", "CreateCapacityProvider"))
          .as("never more than the burst saved up")
          .isZero();
    }
    assertThat(quotas.reserve("us-east-1", "CreateCapacityProvider")).isPositive();
  }

  @Test
  void describesAreHeldToTwentyPerSecondAfterTwentyFive() {
    for (int i = 0; i < 25; i++) {
      assertThat(quotas.reserve("us-east-1", "DescribeCapacityProviders")).isZero();
    }
    assertThat(quotas.reserve("us-east-1", "DescribeCapacityProviders"))
        .isEqualTo(Duration.ofMillis(52).plusNanos(500_000));
  }

  @Test
  void operationsWithoutAQuotaAndTheNaiveBaselineNeverWait() {
    RequestQuotas none = RequestQuotas.none();
    for (int i = 0; i < 100; i++) {
      assertThat(none.reserve("us-east-1", "CreateCapacityProvider")).isZero();
      assertThat(quotas.reserve("us-east-1", "GetRole")).isZero();
    }
  }

  @Test
  void theWaitingMessageNamesTheQuota() {
    assertThat(quotas.quota("UpdateCapacityProvider").orElseThrow().describe())
        .isEqualTo(
            "ECS allows 1 capacity provider modify call per second per account and Region"
                + " (bursts of 10)");
  }
}
