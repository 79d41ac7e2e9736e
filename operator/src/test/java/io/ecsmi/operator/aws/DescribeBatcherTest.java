package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.ecsmi.operator.aws.AwsFailure.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DescribeBatcherTest {

  private final ExecutorService callers = Executors.newFixedThreadPool(260);
  private final ExecutorService drainers = Executors.newCachedThreadPool();
  private final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
  private volatile CountDownLatch gate = new CountDownLatch(0);

  @AfterEach
  void stop() {
    callers.shutdownNow();
    drainers.shutdownNow();
  }

  private final DescribeBatcher batcher = batcher(drainers, Duration.ofSeconds(30));

  private DescribeBatcher batcher(Executor executor, Duration timeout) {
    return new DescribeBatcher(
        (region, cluster, names) -> {
          calls.add(names);
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new CapacityProviders.Described(
              names.stream()
                  .filter(n -> !n.startsWith("missing"))
                  .collect(Collectors.toMap(n -> n, DescribeBatcherTest::provider)),
              names.stream()
                  .filter(n -> n.startsWith("unreadable"))
                  .collect(
                      Collectors.toMap(
                          n -> n, n -> new IllegalStateException("cannot read " + n))));
        },
        executor,
        timeout);
  }

  private static ObservedProvider provider(String name) {
    return new ObservedProvider(
        "arn:" + name, name, "prod", "ACTIVE", "CREATE_COMPLETE", null, null, Map.of());
  }

  @Test
  void aLoneDescribeGoesOutAtOnce() {
    assertThat(batcher.describe("us-east-1", "prod", "a")).contains(provider("a"));
    assertThat(batcher.describe("us-east-1", "prod", "missing")).isEmpty();
    assertThat(calls).containsExactly(List.of("a"), List.of("missing"));
  }

  @Test
  void describesAskedWhileACallIsInFlightShareTheNextCall() throws Exception {
    gate = new CountDownLatch(1);
    List<Future<Optional<ObservedProvider>>> results = new ArrayList<>();
    results.add(callers.submit(() -> batcher.describe("us-east-1", "prod", "first")));
    await().atMost(Duration.ofSeconds(10)).until(() -> !calls.isEmpty());
    for (int i = 0; i < 250; i++) {
      String name = "cp-" + i;
      results.add(callers.submit(() -> batcher.describe("us-east-1", "prod", name)));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> queued() == 250);
    gate.countDown();

    for (Future<Optional<ObservedProvider>> f : results) {
      assertThat(f.get()).isPresent();
    }
    assertThat(calls).hasSize(4); // "first", then 250 names in calls of 100, 100 and 50
    assertThat(calls.subList(1, 4)).extracting(List::size).containsExactly(100, 100, 50);
  }

  @Test
  void aProviderThatCannotBeReadFailsOnlyItsOwnDescribe() throws Exception {
    gate = new CountDownLatch(1);
    Future<Optional<ObservedProvider>> first =
        callers.submit(() -> batcher.describe("us-east-1", "prod", "first"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !calls.isEmpty());
    Future<Optional<ObservedProvider>> unreadable =
        callers.submit(() -> batcher.describe("us-east-1", "prod", "unreadable-1"));
    Future<Optional<ObservedProvider>> healthy =
        callers.submit(() -> batcher.describe("us-east-1", "prod", "healthy"));
    await().atMost(Duration.ofSeconds(10)).until(() -> queued() == 2);
    gate.countDown();

    assertThat(first.get()).isPresent();
    assertThat(healthy.get()).contains(provider("healthy"));
    assertThatThrownBy(unreadable::get).hasRootCauseMessage("cannot read unreadable-1");
    assertThat(calls).hasSize(2);
  }

  @Test
  void aFailedCallFailsEveryDescribeItCarried() {
    var failing =
        new DescribeBatcher(
            (region, cluster, names) -> {
              throw new AwsCallException(
                  new AwsFailure(
                      Kind.THROTTLED,
                      "DescribeCapacityProviders",
                      "ThrottlingException",
                      "Rate exceeded",
                      null),
                  null);
            },
            drainers,
            Duration.ofSeconds(30));

    assertThatThrownBy(() -> failing.describe("us-east-1", "prod", "a"))
        .isInstanceOf(AwsCallException.class)
        .hasMessageContaining("ThrottlingException");
  }

  @Test
  void aDescribeWhoseCallNeverAnswersFailsWithARetryableTimeout() {
    // Given a describe call that hangs beyond every SDK timeout
    gate = new CountDownLatch(1);
    DescribeBatcher impatient = batcher(drainers, Duration.ofMillis(200));

    // When a reconcile describes a provider
    long start = System.nanoTime();
    Throwable thrown = catchThrowable(() -> impatient.describe("us-east-1", "prod", "a"));
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    // Then it gets a transient Timeout once the timeout has passed, not an endless wait
    assertThat(thrown).isInstanceOf(AwsCallException.class);
    AwsFailure failure = ((AwsCallException) thrown).failure();
    assertThat(failure.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(failure.code()).isEqualTo("Timeout");
    assertThat(failure.operation()).isEqualTo("DescribeCapacityProviders");
    assertThat(failure.message()).contains("did not answer within 200ms");
    assertThat(waited).isBetween(Duration.ofMillis(200), Duration.ofSeconds(10));
  }

  @Test
  void aDrainTheExecutorRejectsFailsItsDescribesAndTheNextDescribeStillGoesOut() {
    // Given an executor that rejects the first drain (it is shutting down, or saturated)
    AtomicBoolean reject = new AtomicBoolean(true);
    DescribeBatcher batcher =
        batcher(
            task -> {
              if (reject.getAndSet(false)) {
                throw new RejectedExecutionException("executor is shut down");
              }
              drainers.execute(task);
            },
            Duration.ofSeconds(30));

    // When a describe is asked, then it fails at once with a retryable failure
    assertThatThrownBy(() -> batcher.describe("us-east-1", "prod", "a"))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.failure().kind()).isEqualTo(Kind.TRANSIENT);
              assertThat(e.failure().message()).contains("executor is shut down");
            });
    assertThat(batcher.queued()).isZero();

    // And the next describe of that cluster is not stuck behind it
    assertThat(batcher.describe("us-east-1", "prod", "b")).contains(provider("b"));
  }

  private int queued() {
    return batcher.queued();
  }
}
