package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsmi.emulator.ManualClock;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.aws.AwsCallException;
import io.ecsmi.operator.aws.AwsFailure;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.Partition;
import io.ecsmi.operator.aws.ProviderKey;
import io.ecsmi.operator.observability.OperatorMetrics;
import io.ecsmi.operator.testing.Samples;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DriftScannerTest {

  private static final String REGION = "us-east-1";
  private static final Duration INTERVAL = Duration.ofMinutes(5);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ManualClock clock = new ManualClock();
  private final AtomicBoolean leader = new AtomicBoolean(true);
  private final List<CapacityProvider> watched = new ArrayList<>();
  private final Map<String, String> clusterOf = new ConcurrentHashMap<>();
  private final Map<String, ObservedProvider> inAws = new ConcurrentHashMap<>();

  /** What a describe of a cluster throws instead of answering, by cluster. */
  private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();

  private final List<String> described = Collections.synchronizedList(new ArrayList<>());
  // What IAM answers about the role (empty: no answer), and the partitions asked about.
  private final AtomicReference<Optional<Boolean>> role = new AtomicReference<>(Optional.of(true));
  private final List<Partition> verified = Collections.synchronizedList(new ArrayList<>());
  private final List<Event> reconciles = Collections.synchronizedList(new ArrayList<>());
  private DriftScanner scanner = scanner(INTERVAL);

  @AfterEach
  void stop() {
    scanner.stop();
  }

  private DriftScanner scanner(Duration interval) {
    DriftScanner created =
        new DriftScanner(
            (region, cluster, names) -> {
              described.add(cluster);
              RuntimeException failure = failures.get(cluster);
              if (failure != null) {
                throw failure;
              }
              return names.stream()
                  .filter(inAws::containsKey)
                  .collect(Collectors.toMap(n -> n, inAws::get));
            },
            partition -> {
              verified.add(partition);
              return role.get();
            },
            cp ->
                new ProviderKey(
                    REGION, clusterOf.get(cp.getMetadata().getName()), cp.getMetadata().getName()),
            () -> List.copyOf(watched),
            interval,
            leader::get,
            new OperatorMetrics(registry),
            clock);
    created.setEventHandler(reconciles::add);
    return created;
  }

  private void watch(String name, String cluster) {
    CapacityProvider cp = Samples.load("minimal.yaml");
    cp.getMetadata().setName(name);
    cp.getMetadata().setNamespace("platform");
    cp.getMetadata().setUid("uid-" + name);
    watched.add(cp);
    clusterOf.put(name, cluster);
    inAws.put(name, provider(name, cluster, "ACTIVE"));
  }

  private static ObservedProvider provider(String name, String cluster, String status) {
    return new ObservedProvider(
        "arn:" + name, name, cluster, status, "CREATE_COMPLETE", null, null, Map.of());
  }

  private double scans() {
    return registry.get("ecsmi.drift.scans").counter().count();
  }

  private double failed(String reason) {
    return registry.get("ecsmi.drift.scan.failures").tag("reason", reason).counter().count();
  }

  private static AwsCallException throttled() {
    return new AwsCallException(
        new AwsFailure(
            AwsFailure.Kind.THROTTLED,
            "DescribeCapacityProviders",
            "ThrottlingException",
            "Rate exceeded",
            null),
        null);
  }

  @Test
  void aRoleFoundGoneReconcilesEveryResourceThatNeedsItOnce() {
    // Given two resources in two clusters, and the role there
    watch("general", "prod");
    watch("batch", "staging");
    scanner.scan();
    assertThat(reconciles).isEmpty();

    // When the role is deleted behind the operator's back
    role.set(Optional.of(false));
    scanner.scan();

    // Then both are reconciled (which creates it again), once, not at every scan it stays gone
    assertThat(reconciles)
        .extracting(e -> e.getRelatedCustomResourceID().getName())
        .containsExactlyInAnyOrder("general", "batch");
    scanner.scan();
    assertThat(reconciles).hasSize(2);

    // And when it is back and gone again, they are reconciled again
    role.set(Optional.of(true));
    scanner.scan();
    role.set(Optional.of(false));
    scanner.scan();
    assertThat(reconciles).hasSize(4);
  }

  @Test
  void oneLookAtTheRolePerPartitionAndScanAndNoneWithoutResources() {
    scanner.scan();
    assertThat(verified).as("nothing watched, no role wanted").isEmpty();

    watch("general", "prod");
    watch("batch", "prod");
    watch("spot", "staging");
    scanner.scan();
    assertThat(verified).containsExactly(Partition.AWS);
  }

  @Test
  void aRoleIamDoesNotAnswerAboutChangesNothing() {
    watch("general", "prod");
    role.set(Optional.empty());

    scanner.scan();

    assertThat(reconciles).isEmpty();
  }

  @Test
  void anUnexpectedExceptionIsCountedAndTheNextScanStillRuns() {
    // Given a scan that hits a bug of the operator
    watch("general", "prod");
    failures.put("prod", new IllegalStateException("bug"));

    // When it runs, then it does not throw; it is counted as internal, not completed
    scanner.scan();
    assertThat(failed("internal")).isEqualTo(1);
    assertThat(scans()).isZero();
    assertThat(scanner.lastCompletedScan()).isEmpty();

    // And the next scan runs and completes
    failures.clear();
    clock.advance(INTERVAL);
    scanner.scan();
    assertThat(described).containsExactly("prod", "prod");
    assertThat(scans()).isEqualTo(1);
    assertThat(scanner.lastCompletedScan()).contains(clock.instant());
  }

  @Test
  void theScheduleSurvivesScansThatThrow() {
    // Given a scanner every scan of which throws a bug
    watch("general", "prod");
    failures.put("prod", new IllegalStateException("bug"));
    scanner = scanner(Duration.ofMillis(10));

    // When it is started, then it keeps scanning at its interval
    scanner.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> failed("internal") >= 3);
  }

  @Test
  void aClusterAwsRefusesIsCountedAsAwsAndTheOtherClustersAreStillScanned() {
    // Given providers in two clusters, one of which AWS throttles
    watch("general", "prod");
    watch("batch", "staging");
    scanner.scan();
    failures.put("prod", throttled());
    inAws.put("batch", provider("batch", "staging", "INACTIVE"));

    // When a scan runs
    scanner.scan();

    // Then the failure counts as aws, the other cluster's drift is found, and the scan completes
    assertThat(failed("aws")).isEqualTo(1);
    assertThat(failed("internal")).isZero();
    assertThat(reconciles)
        .extracting(e -> e.getRelatedCustomResourceID().getName())
        .containsExactly("batch");
    assertThat(scans()).isEqualTo(2);
  }

  @Test
  void aStandbyReplicaMakesNoAwsCall() {
    // Given a replica that is not the leader, watching resources
    watch("general", "prod");
    leader.set(false);

    // When its scanner ticks
    scanner.scan();

    // Then nothing is described, reconciled or counted
    assertThat(described).isEmpty();
    assertThat(reconciles).isEmpty();
    assertThat(scans()).isZero();
    assertThat(failed("internal")).isZero();
  }

  @Test
  void becomesUnhealthyAfterThreeIntervalsWithoutACompletedScan() {
    // Given a started scanner whose scans fail on a bug
    watch("general", "prod");
    scanner.start();
    failures.put("prod", new IllegalStateException("bug"));

    // When scans keep failing, then it is healthy until three intervals have passed
    for (int i = 0; i < 3; i++) {
      assertThat(scanner.healthy(clock.instant())).as("after %d intervals", i).isTrue();
      clock.advance(INTERVAL);
      scanner.scan();
    }
    assertThat(scanner.healthy(clock.instant())).isFalse();

    // And a completed scan makes it healthy again
    failures.clear();
    scanner.scan();
    assertThat(scanner.healthy(clock.instant())).isTrue();
    assertThat(scanner.healthy(clock.instant().plus(INTERVAL.multipliedBy(3)))).isFalse();
  }

  @Test
  void aStandbyIsHealthyAndANewLeaderGetsThreeIntervalsForItsFirstScan() {
    // Given a started scanner on a standby replica
    watch("general", "prod");
    leader.set(false);
    scanner.start();

    // When it ticks for a long time without scanning, then it stays healthy
    for (int i = 0; i < 10; i++) {
      clock.advance(INTERVAL);
      scanner.scan();
    }
    assertThat(scanner.healthy(clock.instant())).isTrue();

    // And when it becomes the leader, its first scan is owed within three intervals
    leader.set(true);
    assertThat(scanner.healthy(clock.instant().plus(INTERVAL.multipliedBy(2)))).isTrue();
    assertThat(scanner.healthy(clock.instant().plus(INTERVAL.multipliedBy(3)))).isFalse();
  }

  @Test
  void isHealthyBeforeItStarts() {
    assertThat(scanner.healthy(clock.instant().plus(INTERVAL.multipliedBy(100)))).isTrue();
  }
}
