package io.ecsmi.e2e.bench;

import io.ecsmi.e2e.ClassDataArchive;
import io.ecsmi.e2e.OperatorProcess;
import io.ecsmi.operator.testing.KubeVersions;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the benchmark runs the operator jar: in the chart's default container settings (read from its
 * values.yaml: the JAVA_TOOL_OPTIONS, and the memory limit the JVM sizes its heap from), as ours or
 * as the naive baseline.
 */
enum Operator {
  OURS(List.of()),
  /**
   * What a straightforward operator does: a DescribeCapacityProviders per resource (no batching),
   * GetRole on every reconcile (no role cache), one reconcile thread, and every resource polled on
   * its own every resync instead of one scan per cluster.
   */
  NAIVE(List.of("--naive-baseline", "true", "--reconcile-threads", "1"));

  static final String ACCESS_KEY = "AKIDBENCHOPERATOR";

  /**
   * The chart's values.yaml: its container memory limit made explicit as {@code -XX:MaxRAM} (the
   * JVM in a container sizes its heap from the limit), then its jvmOptions.
   */
  static final List<String> CHART_JVM = chartJvmOptions();

  private final List<String> flags;

  Operator(List<String> flags) {
    this.flags = flags;
  }

  String label() {
    return name().toLowerCase();
  }

  /**
   * Starts the jar (with its class-data archive when there is one, as the image's JVM would use
   * one); {@code jvm} comes after the chart's options (to try other flags).
   */
  OperatorProcess start(Path kubeconfig, URI aws, Duration resync, List<String> jvm, Path log) {
    List<String> all = new ArrayList<>(OperatorProcess.localFlags(aws, "us-east-1"));
    all.addAll(List.of("--resync-interval", resync.toSeconds() + "s", "--identity", "bench"));
    all.addAll(flags);
    ClassDataArchive.Launch launch = ClassDataArchive.launch();
    List<String> options = new ArrayList<>(CHART_JVM);
    options.addAll(launch.options());
    options.addAll(jvm);
    return OperatorProcess.start(launch.jar(), kubeconfig, ACCESS_KEY, options, all, Map.of(), log);
  }

  @SuppressWarnings("unchecked")
  private static List<String> chartJvmOptions() {
    Path values = KubeVersions.projectRoot().resolve("helm/ecs-mi-operator/values.yaml");
    Map<String, Object> chart;
    try (InputStream in = Files.newInputStream(values)) {
      chart = new KubernetesSerialization().unmarshal(in, Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> limits =
        (Map<String, Object>) ((Map<String, Object>) chart.get("resources")).get("limits");
    String memory = String.valueOf(limits.get("memory"));
    long mebibytes = Quantity.getAmountInBytes(new Quantity(memory)).longValue() >> 20;
    List<String> options = new ArrayList<>(List.of("-XX:MaxRAM=" + mebibytes + "m"));
    options.addAll(List.of(String.valueOf(chart.get("jvmOptions")).trim().split("\\s+")));
    return List.copyOf(options);
  }

  /** The sum of a metric's samples in {@code /metrics} (all label sets), 0 when absent. */
  static double metric(OperatorProcess process, String name, String labelFilter) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$")
            .matcher(process.get("/metrics").body());
    double sum = 0;
    while (m.find()) {
      if (labelFilter.isEmpty() || (m.group(1) != null && m.group(1).contains(labelFilter))) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }
}
