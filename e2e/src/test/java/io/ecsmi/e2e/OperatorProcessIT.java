package io.ecsmi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.LocalKubeApiServer;
import io.ecsmi.operator.testing.Namespaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The operator jar as a process, exactly as in production but for the endpoints. */
@ExtendWith(KubeApiServerExtension.class)
class OperatorProcessIT {

  @TempDir Path work;
  private ControlPlane plane;
  private AwsEmulator aws;
  private OperatorProcess operator;

  private String startOperator(LocalKubeApiServer server, String... extraFlags) {
    String namespace = prepare(server);
    launch(namespace, extraFlags);
    Duration startup = operator.awaitReady(Duration.ofSeconds(60));
    System.out.printf("operator jar: ready %d ms after launch%n", startup.toMillis());
    return namespace;
  }

  /** The control plane with the CRD, an emulator with cluster prod, and a namespace. */
  private String prepare(LocalKubeApiServer server) {
    plane = ControlPlane.on(server, work);
    plane.installCrd();
    aws = AwsEmulator.start();
    aws.createCluster("us-east-1", "prod");
    return Namespaces.create(plane.client(), "jar");
  }

  private void launch(String namespace, String... extraFlags) {
    List<String> flags = new ArrayList<>(OperatorProcess.localFlags(aws.endpoint(), "us-east-1"));
    flags.addAll(List.of("--watch-namespaces", namespace));
    flags.addAll(List.of(extraFlags));
    operator =
        OperatorProcess.start(
            plane.kubeconfig(), "AKIDJAR", flags, Map.of(), work.resolve("operator.log"));
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (aws != null) {
      aws.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void reconcilesServesMetricsAndHealthAndStopsGracefullyOnSigterm(LocalKubeApiServer server)
      throws Exception {
    String namespace = startOperator(server, "--resync-interval", "2s");

    plane.createSample("minimal.yaml", namespace, "general");
    plane.awaitReady(namespace, "general", Duration.ofSeconds(60));
    aws.driftConfiguration(
        "us-east-1",
        "general",
        "{\"instanceLaunchTemplate\":{\"networkConfiguration\":{\"subnets\":[\"subnet-rogue\"]}}}");
    try {
      Awaitility.await("drift corrected")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  metric(operator.get("/metrics").body(), "ecsmi_drift_corrections_total", "")
                      >= 1);
    } catch (RuntimeException e) {
      throw new AssertionError(
          "no drift correction; operator log:\n"
              + operator.logText()
              + "\nmetrics:\n"
              + operator.get("/metrics").body(),
          e);
    }

    String metrics = operator.get("/metrics").body();
    System.out.printf("operator jar: RSS %d MiB with one resource%n", operator.rssKib() / 1024);
    assertThat(
            metric(
                metrics,
                "ecsmi_aws_calls_seconds_count",
                "operation=\"CreateCapacityProvider\",outcome=\"success\",service=\"Ecs\""))
        .isEqualTo(1);
    assertThat(
            metric(
                metrics,
                "ecsmi_aws_calls_seconds_sum",
                "operation=\"DescribeCapacityProviders\",outcome=\"success\",service=\"Ecs\""))
        .isPositive();
    Awaitility.await("Ready again after the drift correction, in the metrics")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                metric(
                        operator.get("/metrics").body(),
                        "ecsmi_resources",
                        "condition=\"Ready\",status=\"True\"")
                    == 1);
    assertThat(metric(metrics, "ecsmi_resources_watched", "")).isEqualTo(1);
    assertThat(
            metrics
                .lines()
                .filter(l -> l.startsWith("ecsmi_aws_calls_seconds_bucket{"))
                .filter(l -> l.contains("operation=\"DescribeCapacityProviders\""))
                .filter(l -> l.contains("outcome=\"success\""))
                .count())
        .as("eleven latency buckets and +Inf per operation and outcome, not Micrometer's 69")
        .isEqualTo(12);
    assertThat(metric(metrics, "ecsmi_time_to_first_ready_seconds_count", "")).isEqualTo(1);
    assertThat(metric(metrics, "ecsmi_service_linked_role_present", "partition=\"aws\""))
        .isEqualTo(1);
    assertThat(metrics)
        .as("only the partitions in use are exported")
        .doesNotContain("partition=\"aws-cn\"");
    assertThat(metric(metrics, "operator_sdk_reconciliations_success_total", "")).isPositive();
    assertThat(metric(metrics, "jvm_memory_used_bytes", "area=\"heap\"")).isPositive();
    assertThat(metric(metrics, "process_uptime_seconds", "")).isPositive();
    assertThat(dashboardMetrics())
        .allSatisfy(
            name ->
                assertThat(metrics)
                    .as("the Grafana dashboard's " + name)
                    .containsPattern("(?m)^" + name + "[{ ]"));
    assertThat(operator.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(operator.get("/readyz").statusCode()).isEqualTo(200);

    int exit = operator.terminate(Duration.ofSeconds(40));

    assertThat(exit).as("128 + SIGTERM: the JVM's normal exit on SIGTERM").isEqualTo(143);
    assertThat(operator.logText())
        .contains("stopping: in-flight reconciles get up to PT30S to finish")
        .contains("shutdown complete");
  }

  @Test
  void reconcilesWhatExistedBeforeItStartedSecondsAfterLaunch(LocalKubeApiServer server) {
    String namespace = prepare(server);
    plane.createSample("minimal.yaml", namespace, "early");
    java.time.Instant launched = java.time.Instant.now();

    launch(namespace);

    var resource =
        plane.client().resources(CapacityProvider.class).inNamespace(namespace).withName("early");
    Awaitility.await("the first reconcile")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> resource.get().getStatus() != null);
    Duration firstReconcile = Duration.between(launched, java.time.Instant.now());
    System.out.printf(
        "operator jar: first reconcile %d ms after launch%n", firstReconcile.toMillis());
    assertThat(firstReconcile)
        .as("a sanity bound, not the target")
        .isLessThan(Duration.ofSeconds(30));
    plane.awaitReady(namespace, "early", Duration.ofSeconds(60));
  }

  @Test
  void logsJsonWithTheResourceOnReconcileLines(LocalKubeApiServer server) throws Exception {
    String namespace = startOperator(server, "--log-format", "json");

    plane.createSample("minimal.yaml", namespace, "logged");
    plane.awaitReady(namespace, "logged", Duration.ofSeconds(60));

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : operator.logText().lines().toList()) {
      lines.add(json.readTree(line)); // every line is a JSON object
    }
    assertThat(lines)
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText())
                  .startsWith("Created: created ECS capacity provider logged");
              assertThat(l.path("resource.namespace").asText()).isEqualTo(namespace);
              assertThat(l.path("resource.name").asText()).isEqualTo("logged");
            });
    assertThat(operator.logText()).doesNotContain("not-a-secret");
  }

  @Test
  void anInvalidFlagStopsItAtOnceNamingTheFlag() throws Exception {
    OperatorProcess bad =
        OperatorProcess.start(
            work.resolve("none"),
            "AKID",
            List.of("--region", "us-east-1", "--resync-interval", "soon"),
            Map.of(),
            work.resolve("bad.log"));
    int exit = bad.awaitExit(Duration.ofSeconds(30));

    assertThat(exit).isEqualTo(2);
    assertThat(bad.logText())
        .contains("invalid value for --resync-interval [ECSMI_RESYNC_INTERVAL]");
  }

  /** The metric names config/grafana/ecs-mi-operator.json queries. */
  static java.util.Set<String> dashboardMetrics() throws java.io.IOException {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(
                io.ecsmi.operator.testing.KubeVersions.projectRoot()
                    .resolve("config/grafana/ecs-mi-operator.json")
                    .toFile());
    java.util.Set<String> names = new java.util.TreeSet<>();
    Pattern metric = Pattern.compile("\\b((?:ecsmi|operator_sdk|jvm|process)_[a-z0-9_]+)");
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        Matcher m = metric.matcher(target.path("expr").asText());
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    assertThat(names).hasSizeGreaterThan(8);
    return names;
  }

  /** A Prometheus sample's value; {@code labels} must appear in the sample's label set. */
  static double metric(String body, String name, String labels) {
    Pattern line =
        Pattern.compile(
            "^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$", Pattern.MULTILINE);
    Matcher m = line.matcher(body);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      String set = m.group(1) == null ? "" : m.group(1);
      if (labels.isEmpty() || containsAll(set, labels)) {
        sum += Double.parseDouble(m.group(2));
        found = true;
      }
    }
    if (!found) {
      throw new AssertionError("no " + name + "{" + labels + "} in /metrics:\n" + body);
    }
    return sum;
  }

  private static boolean containsAll(String set, String labels) {
    for (String label : labels.split(",(?=[a-z_]+=)")) {
      if (!set.contains(label)) {
        return false;
      }
    }
    return true;
  }
}
