package io.ecsmi.e2e.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmi.e2e.bench.Workload;
import io.ecsmi.emulator.CallLog;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.IamPolicies;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Scenario 7, bad input at runtime: resources whose AWS calls fail for good, each cause fixed in
 * AWS later, never in the spec: a subnet EC2 does not have (InvalidParameterException), a
 * permission the operator is denied (AccessDeniedException) and a cluster that does not exist
 * (ClusterNotFoundException). They must go Stalled with AWS's message and when the operator looks
 * again, cost a bounded number of AWS calls per hour, be Ready by the time they said once the cause
 * is gone, and leave the healthy resources as fast as without them.
 *
 * <p>Time is scaled: the operator's first wait of a Stalled resource is {@value #STALLED_RETRY_S}
 * s, a hundredth of the 10-minute default, so the {@value #SCALED_HOUR_S} s after the first failure
 * stand for its first hour.
 */
final class PermanentFailures {

  static final int STALLED_RETRY_S = 6;
  static final int SCALED_HOUR_S = 36;

  /** The bad ones' own region: ECS's request quotas are per Region, so they share none. */
  static final String REGION = "us-west-2";

  static final String SUBNET = "subnet-0a1b2c3d";
  static final String CLUSTER = "bad-input";
  static final String MISSING_CLUSTER = "not-yet";

  /** What each cause makes AWS answer, as it shows in the resource's Stalled message. */
  private static final Map<String, String> AWS_SAYS =
      Map.of(
          "subnet", "The subnet ID '" + SUBNET + "' does not exist",
          "denied", "not authorized to perform: ecs:CreateCapacityProvider",
          "nocluster", "ClusterNotFoundException");

  private static final Pattern LOOKS_AGAIN =
      Pattern.compile("The operator looks again in \\S+ \\(at (\\S+)\\), or at once when");

  private PermanentFailures() {}

  static Outcome run(Path dir, int size) {
    List<String> flags = List.of("--stalled-retry-interval", STALLED_RETRY_S + "s");
    try (Stage stage = Stage.start(dir, 7, flags)) {
      KubernetesClient client = stage.plane.client();
      List<String> namespaces = Workload.createNamespaces(client);
      Workload healthy = Workload.of(size, namespaces, 19);
      Map<String, CapacityProviderState> others = stage.prepare(healthy);
      stage.aws.createCluster(REGION, CLUSTER);
      stage.aws.subnetExists(REGION, SUBNET, false);
      stage.aws.attachPolicy(Stage.OPERATOR_KEY, denying("denied-*"));
      int perCause = Math.max(1, size / 10);
      List<Workload.Item> bad =
          Stream.of("subnet", "denied", "nocluster")
              .flatMap(
                  cause ->
                      IntStream.range(0, perCause)
                          .mapToObj(
                              i ->
                                  new Workload.Item(
                                      namespaces.get(i % namespaces.size()),
                                      cause + "-" + i,
                                      REGION,
                                      cause.equals("nocluster") ? MISSING_CLUSTER : CLUSTER)))
              .toList();
      stage.startOperator();
      Duration atMost = Duration.ofMinutes(5);
      List<String> violations = new ArrayList<>();
      List<Workload.Item> all = healthy.items();
      List<Workload.Item> alone = all.subList(0, size / 2);
      List<Workload.Item> alongside = all.subList(size / 2, size);

      // The healthy ones' pace alone, then beside the bad ones.
      Instant start = Instant.now();
      Workload.inParallel(alone, i -> client.resource(Workload.resource(i)).create());
      Duration withoutBad =
          Duration.between(start, Waves.awaitConverged(client, alone, List.of(), atMost));
      long callsBefore = regionCalls(stage);
      Instant badApplied = Instant.now();
      Workload.inParallel(
          Stream.concat(bad.stream(), alongside.stream()).toList(),
          i -> client.resource(Workload.resource(i)).create());
      Duration withBad =
          Duration.between(badApplied, Waves.awaitConverged(client, alongside, List.of(), atMost));
      if (withBad.compareTo(withoutBad.multipliedBy(3).dividedBy(2).plusSeconds(5)) > 0) {
        violations.add(
            "the healthy resources took "
                + withBad.toMillis()
                + " ms beside the bad ones, "
                + withoutBad.toMillis()
                + " ms without them");
      }

      // Stalled, saying what AWS said and when the operator looks again; a scaled hour's calls.
      awaitStalled(client, bad, atMost);
      Awaitility.await("a scaled hour after the bad ones were applied")
          .atMost(Duration.ofSeconds(SCALED_HOUR_S + 5))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Instant.now().isAfter(badApplied.plusSeconds(SCALED_HOUR_S)));
      long hourCalls = regionCalls(stage) - callsBefore;
      double perResourceHour = (double) hourCalls / bad.size();
      long creates = regionCreates(stage);
      // First hour of a Stalled resource: the failing attempt, then after 10 and 30 minutes
      // (the next is at 70): three attempts of a create and a describe each at most. The drift
      // scan describes each of the region's two clusters once a resync besides.
      long scans = SCALED_HOUR_S / Stage.RESYNC.toSeconds() + 1;
      long bound = 3L * 2 * bad.size() + scans * 2;
      if (hourCalls > bound) {
        violations.add(
            hourCalls
                + " AWS calls for "
                + bad.size()
                + " Stalled resources in a (scaled) hour; at most "
                + bound);
      }
      Map<String, Instant> promised = new HashMap<>();
      for (Workload.Item item : bad) {
        violations.addAll(stalledAsItShould(client, item, promised));
      }

      // The causes fixed in AWS, no spec touched: Ready by the time each said it looks again.
      Instant fixed = Instant.now();
      stage.aws.subnetExists(REGION, SUBNET, true);
      stage.aws.attachPolicy(Stage.OPERATOR_KEY, IamPolicies.shipped("aws"));
      stage.aws.createCluster(REGION, MISSING_CLUSTER);
      promised.replaceAll(
          (key, at) ->
              stalledMessage(client, item(bad, key))
                  .flatMap(PermanentFailures::lookAgainAt)
                  .orElse(at));
      Instant latest = promised.values().stream().max(Instant::compareTo).orElse(fixed);
      Instant recovered =
          Waves.awaitConverged(
              client, bad, List.of(), Duration.between(Instant.now(), latest).plusSeconds(60));
      // A look at the promised time creates the provider; ECS shows it ACTIVE after PROVISIONING
      // and the operator's next poll (2 s later) sees it: allow 10 s for that.
      if (recovered.isAfter(latest.plusSeconds(10))) {
        violations.add(
            "the bad resources recovered at "
                + recovered
                + ", later than the operator said it would look again ("
                + latest
                + ") plus 10 s");
      }

      List<Workload.Item> everything = Stream.concat(all.stream(), bad.stream()).toList();
      Waves.Closing closing =
          Waves.close(
              stage, new Waves.Halves(everything, everything, List.of()), others, fixed, atMost);
      violations.addAll(closing.violations());
      return new Outcome(
              "7 permanent failures (N=" + size + ", " + bad.size() + " bad)",
              everything.size() * 2L,
              3,
              0,
              closing.convergence(),
              violations)
          .withFigures(
              String.format(
                  "healthy resources Ready in %.1f s alone, %.1f s beside %d failing ones",
                  withoutBad.toMillis() / 1000.0, withBad.toMillis() / 1000.0, bad.size()),
              String.format(
                  "%.1f AWS calls per Stalled resource in its first (scaled) hour (%d creates in"
                      + " all; at most %d calls allowed)",
                  perResourceHour, creates, bound),
              String.format(
                  "Ready %.1f s after the causes were fixed in AWS; the latest promised look was"
                      + " %.1f s after",
                  Duration.between(fixed, recovered).toMillis() / 1000.0,
                  Duration.between(fixed, latest).toMillis() / 1000.0));
    }
  }

  /**
   * The shipped policy with a Deny of creating providers named {@code pattern} in {@link #REGION}.
   */
  private static String denying(String pattern) {
    try {
      ObjectMapper json = new ObjectMapper();
      ObjectNode policy = (ObjectNode) json.readTree(IamPolicies.shipped("aws"));
      ObjectNode deny = policy.withArray("Statement").addObject();
      deny.put("Effect", "Deny");
      deny.put("Action", "ecs:CreateCapacityProvider");
      deny.put("Resource", "arn:aws:ecs:" + REGION + ":*:capacity-provider/" + pattern);
      return json.writeValueAsString(policy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitStalled(
      KubernetesClient client, List<Workload.Item> bad, Duration atMost) {
    Awaitility.await(bad.size() + " resources Stalled")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> bad.stream().allMatch(i -> stalledMessage(client, i).isPresent()));
  }

  /**
   * The resource is Stalled, its message says what AWS answered and when the operator looks again
   * (which goes into {@code promised}); violations if not.
   */
  private static List<String> stalledAsItShould(
      KubernetesClient client, Workload.Item item, Map<String, Instant> promised) {
    String said = stalledMessage(client, item).orElse("");
    String cause = item.name().substring(0, item.name().indexOf('-'));
    List<String> violations = new ArrayList<>();
    if (!said.contains(AWS_SAYS.get(cause))) {
      violations.add(item.key() + " is Stalled without AWS's answer: " + said);
    }
    lookAgainAt(said)
        .ifPresentOrElse(
            at -> promised.put(item.key(), at),
            () -> violations.add(item.key() + " does not say when it looks again: " + said));
    return violations;
  }

  private static Optional<String> stalledMessage(KubernetesClient client, Workload.Item item) {
    CapacityProvider cp = Waves.get(client, item);
    if (cp == null || cp.getStatus() == null || cp.getStatus().conditions() == null) {
      return Optional.empty();
    }
    var stalled = OperatorHarness.condition(cp, "Stalled");
    return stalled != null && "True".equals(stalled.status())
        ? Optional.of(stalled.message())
        : Optional.empty();
  }

  private static Optional<Instant> lookAgainAt(String message) {
    Matcher m = LOOKS_AGAIN.matcher(message);
    return m.find() ? Optional.of(Instant.parse(m.group(1))) : Optional.empty();
  }

  private static Workload.Item item(List<Workload.Item> items, String key) {
    return items.stream().filter(i -> i.key().equals(key)).findFirst().orElseThrow();
  }

  /** ECS calls in the bad ones' region (none of the healthy ones' is there). */
  private static long regionCalls(Stage stage) {
    return stage.aws.calls().recent().stream()
        .filter(c -> c.service() == Service.ECS && REGION.equals(c.region()))
        .count();
  }

  private static long regionCreates(Stage stage) {
    return stage.aws.calls().recent().stream()
        .filter(c -> c.service() == Service.ECS && REGION.equals(c.region()))
        .filter(c -> c.operation().equals("CreateCapacityProvider"))
        .filter(c -> !c.outcome().equals(CallLog.SUCCESS))
        .count();
  }
}
