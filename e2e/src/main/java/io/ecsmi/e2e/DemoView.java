package io.ecsmi.e2e;

import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.emulator.CallLog;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.api.v1alpha1.Condition;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the demo prints while things converge: a table of the resources (redrawn when it changes),
 * the Events as they arrive, the role's state and the AWS calls made.
 */
final class DemoView {

  private final PrintStream out;
  private final KubernetesClient client;
  private final AwsEmulator aws;
  private final String namespace;
  private final Instant started;
  private final Set<String> seenEvents = new HashSet<>();
  private String lastTable = "";

  DemoView(
      PrintStream out,
      KubernetesClient client,
      AwsEmulator aws,
      String namespace,
      Instant started) {
    this.out = out;
    this.started = started;
    this.client = client;
    this.aws = aws;
    this.namespace = namespace;
  }

  void step(String title) {
    out.printf("%n%s %s%n", stamp(), title);
  }

  void say(String text) {
    out.printf("%s   %s%n", stamp(), text);
  }

  List<CapacityProvider> resources() {
    return client.resources(CapacityProvider.class).inNamespace(namespace).list().getItems();
  }

  /**
   * Redraws the table and prints new Events until {@code done} holds, or fails after {@code
   * atMost}.
   */
  void watchUntil(String what, Predicate<List<CapacityProvider>> done, Duration atMost) {
    try {
      Awaitility.await(what)
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                List<CapacityProvider> now = resources();
                draw(now);
                printNewEvents();
                return done.test(now);
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("the demo waited " + atMost.toSeconds() + "s for: " + what);
    }
  }

  void printNewEvents() {
    client.v1().events().inNamespace(namespace).list().getItems().stream()
        .sorted(Comparator.comparing(e -> e.getLastTimestamp() == null ? "" : e.getLastTimestamp()))
        .filter(e -> seenEvents.add(e.getMetadata().getName() + "/" + e.getCount()))
        .forEach(this::print);
  }

  private void print(Event e) {
    out.printf(
        "%s   event %-7s %-26s %-16s %s%n",
        stamp(), e.getType(), e.getReason(), e.getInvolvedObject().getName(), e.getMessage());
  }

  private void draw(List<CapacityProvider> resources) {
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "%-28s %-6s %-28s %-14s %-18s%n", "NAME", "READY", "REASON", "AWS STATUS", "UPDATE"));
    resources.stream()
        .sorted(Comparator.comparing(cp -> cp.getMetadata().getName()))
        .forEach(
            cp -> {
              Condition ready = OperatorHarness.condition(cp, "Ready");
              var status = cp.getStatus();
              table.append(
                  String.format(
                      "%-28s %-6s %-28s %-14s %-18s%n",
                      cp.getMetadata().getName()
                          + (cp.getMetadata().getDeletionTimestamp() != null ? " (deleting)" : ""),
                      ready == null ? "-" : ready.status(),
                      ready == null ? "-" : ready.reason(),
                      status == null || status.awsStatus() == null ? "-" : status.awsStatus(),
                      status == null || status.updateStatus() == null
                          ? "-"
                          : status.updateStatus()));
            });
    table.append(
        String.format(
            "service-linked role AWSServiceRoleForECSCompute: %s%n",
            aws.role().isPresent() ? "exists" : "absent"));
    if (!table.toString().equals(lastTable)) {
      lastTable = table.toString();
      out.printf("%s%n", stamp());
      table.toString().lines().forEach(l -> out.println("     | " + l));
    }
  }

  /** The AWS calls the emulator answered, by operation and outcome. */
  void printCalls(String title) {
    out.printf("%s   %s (%d in all)%n", stamp(), title, aws.calls().total());
    List<String> lines = new ArrayList<>();
    for (CallLog.Stats s : aws.calls().stats()) {
      lines.add(
          String.format(
              "       %-4s %-36s %-22s %4d   mean %5.1f ms",
              s.service().id(),
              s.operation(),
              s.outcome(),
              s.count(),
              s.meanLatency().toNanos() / 1e6));
    }
    lines.forEach(out::println);
  }

  static boolean ready(CapacityProvider cp) {
    return OperatorHarness.readyForItsGeneration(cp);
  }

  private String stamp() {
    return String.format(
        Locale.ROOT, "[%5.1fs]", Duration.between(started, Instant.now()).toMillis() / 1000.0);
  }
}
