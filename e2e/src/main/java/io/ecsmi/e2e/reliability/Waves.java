package io.ecsmi.e2e.reliability;

import io.ecsmi.e2e.bench.Workload;
import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.emulator.CallLog;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** What scenarios do to resources and wait for, shared. */
final class Waves {

  /** Outcomes in the emulator's call log that fault injection made. */
  private static final Set<String> INJECTED =
      Set.of(
          "ThrottlingException",
          "Throttling",
          "ServerException",
          "ServiceFailure",
          CallLog.CONNECTION_RESET);

  private Waves() {}

  /**
   * The resources of a create/update/delete-half scenario: all of them, the first half, which it
   * keeps, and the second, which its third wave deletes.
   */
  record Halves(List<Workload.Item> all, List<Workload.Item> kept, List<Workload.Item> gone) {

    static Halves of(Workload workload) {
      List<Workload.Item> all = workload.items();
      int half = all.size() / 2;
      return new Halves(all, all.subList(0, half), List.copyOf(all.subList(half, all.size())));
    }
  }

  /** What a scenario does to the operator or its surroundings during a wave. */
  @FunctionalInterface
  interface Fault {

    /** Strikes {@code times} times while the operator works towards {@code live} Ready. */
    void strike(int times, List<Workload.Item> live);
  }

  /**
   * The waves of a create/update/delete-half scenario: every resource created, then given a new
   * generation, then the second half deleted, with {@code faults} strikes of {@code fault} spread
   * over them (a third in each, rounded up, the rest in the last). Each wave converges before the
   * next begins; the last is left to {@link #close}.
   */
  static void play(
      KubernetesClient client,
      Workload workload,
      Halves halves,
      int faults,
      Duration atMost,
      Fault fault) {
    int perWave = (faults + 2) / 3;
    int first = Math.min(perWave, faults);
    int second = Math.min(perWave, faults - first);
    workload.apply(client);
    fault.strike(first, halves.all());
    awaitConverged(client, halves.all(), List.of(), atMost);
    update(client, halves.all(), 2);
    fault.strike(second, halves.all());
    awaitConverged(client, halves.all(), List.of(), atMost);
    Workload.delete(client, halves.gone());
    fault.strike(faults - first - second, halves.kept());
  }

  /** How a scenario ended: from its last fault to every invariant holding, and what did not. */
  record Closing(Duration convergence, List<String> violations) {}

  /**
   * The end of a create/update/delete-half scenario once its faults stopped at {@code calm}: the
   * kept resources Ready and the others gone, the role settled, the invariants, a quiet resync;
   * then the rest deleted (the last one out deletes the role) and the invariants again.
   */
  static Closing close(
      Stage stage,
      Halves halves,
      Map<String, CapacityProviderState> others,
      Instant calm,
      Duration atMost) {
    KubernetesClient client = stage.plane.client();
    List<Workload.Item> all = halves.all();
    List<Workload.Item> kept = halves.kept();
    List<Workload.Item> gone = halves.gone();
    awaitConverged(client, kept, gone, atMost);
    awaitRoleSettled(stage.aws, atMost);
    Duration convergence = Duration.between(calm, Instant.now());
    List<String> violations =
        new ArrayList<>(
            Invariants.check(
                client, stage.aws, new Invariants.Expected(kept, gone, others, all.size(), 0)));
    violations.addAll(quietAfter(stage, kept));

    Workload.delete(client, kept);
    awaitConverged(client, List.of(), all, atMost);
    awaitRoleSettled(stage.aws, atMost);
    violations.addAll(
        Invariants.check(
            client, stage.aws, new Invariants.Expected(List.of(), all, others, all.size(), 1)));
    return new Closing(convergence, violations);
  }

  /**
   * Waits for a random point of the operator's work: 1-40 more AWS calls, or 3 s when the wave has
   * no more to do in AWS (a fault at rest, which must be harmless too).
   */
  static void awaitRandomPoint(AwsEmulator aws, Random random) {
    long at = aws.calls().total() + 1 + random.nextInt(40);
    try {
      Awaitility.await("the operator's next AWS calls")
          .atMost(Duration.ofSeconds(3))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> aws.calls().total() >= at);
    } catch (ConditionTimeoutException idle) {
      // At rest: the fault comes now.
    }
  }

  /** Sets tag {@code wave} on every item's spec (a new generation). */
  static void update(KubernetesClient client, List<Workload.Item> items, int wave) {
    Workload.inParallel(
        items,
        item ->
            client
                .resources(CapacityProvider.class)
                .inNamespace(item.namespace())
                .withName(item.name())
                .patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"tags\":{\"wave\":\"" + wave + "\"}}}"));
  }

  /** Waits until every live item is Ready for its generation and every deleted one is gone. */
  static Instant awaitConverged(
      KubernetesClient client,
      Collection<Workload.Item> live,
      Collection<Workload.Item> deleted,
      Duration atMost) {
    Awaitility.await(live.size() + " resources Ready and " + deleted.size() + " gone")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> converged(client, live, deleted));
    return Instant.now();
  }

  /** The resource {@code item} names, or null when there is none. */
  static CapacityProvider get(KubernetesClient client, Workload.Item item) {
    return client
        .resources(CapacityProvider.class)
        .inNamespace(item.namespace())
        .withName(item.name())
        .get();
  }

  static boolean converged(
      KubernetesClient client, Collection<Workload.Item> live, Collection<Workload.Item> deleted) {
    Set<String> liveKeys = keys(live);
    Set<String> deletedKeys = keys(deleted);
    var all = client.resources(CapacityProvider.class).inAnyNamespace().list().getItems();
    long ready =
        all.stream()
            .filter(OperatorHarness::readyForItsGeneration)
            .filter(cp -> liveKeys.contains(key(cp)))
            .count();
    boolean remaining = all.stream().anyMatch(cp -> deletedKeys.contains(key(cp)));
    return ready == liveKeys.size() && !remaining;
  }

  private static Set<String> keys(Collection<Workload.Item> items) {
    return items.stream().map(Workload.Item::key).collect(Collectors.toSet());
  }

  private static String key(CapacityProvider cp) {
    return cp.getMetadata().getNamespace() + "/" + cp.getMetadata().getName();
  }

  /** The role settles: present while a provider is, gone (its deletion task done) when none is. */
  static void awaitRoleSettled(AwsEmulator aws, Duration atMost) {
    Awaitility.await("the service-linked role settled")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                aws.deletionTasks().stream().allMatch(t -> t.finished())
                    && aws.role().isPresent()
                        == aws.providers().stream().anyMatch(p -> !p.status().equals("INACTIVE")));
  }

  /**
   * The operator's errors are back to zero: for one resync interval and a bit (every resource
   * looked at again), no AWS call fails, the operator's own error counters stand still and every
   * live resource stays Ready. Empty if so.
   */
  static List<String> quietAfter(Stage stage, Collection<Workload.Item> live) {
    KubernetesClient client = stage.plane.client();
    long before = failed(stage.aws);
    long operatorBefore = operatorErrors(stage);
    Duration window = Stage.RESYNC.plusSeconds(5);
    try {
      Awaitility.await("no AWS call failing, no operator error and every resource Ready")
          .during(window)
          .atMost(window.plusSeconds(10))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  failed(stage.aws) == before
                      && operatorErrors(stage) == operatorBefore
                      && converged(client, live, List.of()));
      return List.of();
    } catch (ConditionTimeoutException e) {
      return List.of(
          "after the faults stopped, within "
              + window.toSeconds()
              + " s: "
              + (failed(stage.aws) - before)
              + " AWS calls failed, the operator counted "
              + (operatorErrors(stage) - operatorBefore)
              + " errors, or a resource left Ready");
    }
  }

  /** The error counters of an operator's /metrics that do not say "success". */
  private static final Pattern ERRORS =
      Pattern.compile(
          "(?m)^(?:ecsmi_aws_calls_seconds_count\\{[^}]*outcome=\"(?!success\")[^}]*}"
              + "|ecsmi_internal_errors_total(?:\\{[^}]*})?"
              + "|ecsmi_drift_scan_failures_total(?:\\{[^}]*})?"
              + "|operator_sdk_reconciliations_failed_total(?:\\{[^}]*})?)"
              + " ([0-9.eE+]+)$");

  /**
   * What the operator's running processes count as errors, from their {@code /metrics}: AWS calls
   * that failed as it saw them, its own bugs, failed drift scans and failed reconciles.
   */
  static long operatorErrors(Stage stage) {
    return stage.running().stream().mapToLong(p -> errorsIn(p.get("/metrics").body())).sum();
  }

  /** The sum of the error counters in a Prometheus scrape. */
  static long errorsIn(String scrape) {
    Matcher m = ERRORS.matcher(scrape);
    long total = 0;
    while (m.find()) {
      total += (long) Double.parseDouble(m.group(1));
    }
    return total;
  }

  /**
   * Calls of {@code operation} the service answered itself (or carried out before the answer was
   * lost): not the ones fault injection failed before the service saw them.
   */
  static long answered(AwsEmulator aws, io.ecsmi.emulator.Service service, String operation) {
    return aws.calls().stats().stream()
        .filter(s -> s.service() == service && s.operation().equals(operation))
        .filter(s -> !INJECTED.contains(s.outcome()))
        .mapToLong(CallLog.Stats::count)
        .sum();
  }

  /** AWS calls that failed by injection so far. */
  static long injected(AwsEmulator aws) {
    return aws.calls().stats().stream()
        .filter(s -> INJECTED.contains(s.outcome()) || s.outcome().endsWith(CallLog.RESPONSE_LOST))
        .mapToLong(CallLog.Stats::count)
        .sum();
  }

  /** AWS calls that failed, for whatever reason, so far. */
  static long failed(AwsEmulator aws) {
    return aws.calls().stats().stream()
        .filter(s -> !s.outcome().equals(CallLog.SUCCESS))
        .mapToLong(CallLog.Stats::count)
        .sum();
  }
}
