package io.ecsmi.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmi.operator.testing.Crds;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest the chart renders, for each documented combination, passes a server-side dry run
 * against the real API server (its schemas, defaulting and admission), and the operator's pod
 * passes the restricted Pod Security Standard.
 */
@ExtendWith(KubeApiServerExtension.class)
class HelmChartIT {

  private static final AtomicInteger RELEASES = new AtomicInteger();

  @BeforeAll
  static void installServiceMonitorCrd(KubernetesClient client) {
    Crds.install(
        client,
        HelmChartIT.class.getResourceAsStream("/servicemonitors.monitoring.coreos.com.yaml"));
  }

  static Stream<Arguments> combinations() {
    return Stream.of(
        Arguments.of("defaults", Map.of("aws.region", "eu-west-1")),
        Arguments.of(
            "namespaced", Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b")),
        Arguments.of("serviceMonitor", Map.of("metrics.serviceMonitor.enabled", true)),
        Arguments.of("pdb", Map.of("podDisruptionBudget.enabled", true)),
        Arguments.of(
            "irsa",
            Map.of("serviceAccount.irsaRoleArn", "arn:aws:iam::123456789012:role/ecs-mi-operator")),
        Arguments.of(
            "single replica, no leader election",
            Map.of("replicaCount", 1, "leaderElection.enabled", false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("combinations")
  void everyRenderedManifestPassesAServerSideDryRun(
      String name, Map<String, Object> values, KubernetesClient client) {
    String release = "chart-" + RELEASES.incrementAndGet();
    List<HasMetadata> objects = Chart.objects(release, release, values);
    ensureNamespace(client, release, Map.of());
    objects.stream()
        .map(o -> o.getMetadata().getNamespace())
        .filter(ns -> ns != null)
        .distinct()
        .forEach(ns -> ensureNamespace(client, ns, Map.of()));

    for (HasMetadata object : objects) {
      HasMetadata accepted = client.resource(object).dryRun().create();
      assertThat(accepted.getMetadata().getUid())
          .as("%s %s accepted", object.getKind(), object.getMetadata().getName())
          .isNotNull();
    }
  }

  @Test
  void theOperatorPodMeetsTheRestrictedPodSecurityStandard(KubernetesClient client) {
    ensureNamespace(
        client,
        "restricted",
        Map.of(
            "pod-security.kubernetes.io/enforce",
            "restricted",
            "pod-security.kubernetes.io/enforce-version",
            "latest"));
    Deployment deployment =
        Chart.objects("ecs-mi-operator", "restricted", Map.of()).stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("operator")
            .withNamespace("restricted")
            .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
            .endMetadata()
            .withSpec(deployment.getSpec().getTemplate().getSpec())
            .build();

    assertThat(client.resource(deployment).dryRun().create().getMetadata().getUid()).isNotNull();
    assertThat(client.resource(pod).dryRun().create().getMetadata().getUid()).isNotNull();

    // The admission is really enforcing: the same pod without its security context is refused.
    Pod unconfined =
        new PodBuilder(pod)
            .editSpec()
            .withSecurityContext(null)
            .editContainer(0)
            .withSecurityContext(null)
            .endContainer()
            .endSpec()
            .build();
    assertThatThrownBy(() -> client.resource(unconfined).dryRun().create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
  }

  private static void ensureNamespace(
      KubernetesClient client, String name, Map<String, String> labels) {
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .serverSideApply();
  }
}
