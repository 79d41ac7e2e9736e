package io.ecsmi.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import io.ecsmi.operator.testing.KubeVersions;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chart through real Helm: lint, the documented value combinations, the values schema. */
class HelmChartTest {

  private static final Map<String, Object> REGION = Map.of("aws.region", "eu-west-1");

  private static List<HasMetadata> render(Map<String, Object> values) {
    return Chart.objects("ecs-mi-operator", "ecs-mi-operator", values);
  }

  private static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = Chart.lint();

    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void theAppVersionIsTheProjectVersion() throws Exception {
    String pom = Files.readString(KubeVersions.projectRoot().resolve("pom.xml"));
    Matcher version =
        Pattern.compile(
                "<artifactId>ecs-mi-operator-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(version.find()).isTrue();

    assertThat(Files.readString(Chart.path().resolve("Chart.yaml")))
        .contains("appVersion: \"" + version.group(1) + "\"");
  }

  @Test
  void theDefaultsRenderAnHaDeploymentWithClusterWideLeastPrivilegeRbac() {
    List<HasMetadata> objects = render(REGION);

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment");
    Deployment deployment = of(objects, Deployment.class).get(0);
    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(env(container.getEnv()))
        .containsEntry("ECSMI_REGION", "eu-west-1")
        .containsEntry("ECSMI_LEADER_ELECTION", "true")
        .containsKey("ECSMI_LEASE_NAMESPACE")
        .containsKey("ECSMI_STATE_NAMESPACE");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getTopologySpreadConstraints())
        .singleElement()
        .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(45L);
    assertThat(rules(of(objects, ClusterRole.class).get(0).getRules()))
        .containsExactlyInAnyOrder(
            "ecsmi.io/capacityproviders: get,list,watch,patch",
            "ecsmi.io/capacityproviders/status: patch",
            "ecsmi.io/capacityproviders/finalizers: update",
            "/events: get,create,patch");
    assertThat(rules(role(objects, "ecs-mi-operator-leader-election").getRules()))
        .containsExactly("coordination.k8s.io/leases: get,create,update,patch");
    assertThat(rules(role(objects, "ecs-mi-operator-state").getRules()))
        .as("the role ledger ConfigMap, by name where RBAC allows it")
        .containsExactly(
            "/configmaps[ecs-mi-operator-service-linked-roles]: get,update", "/configmaps: create");
    assertThat(role(objects, "ecs-mi-operator-state").getMetadata().getNamespace())
        .isEqualTo("ecs-mi-operator");
  }

  @Test
  void watchNamespacesMakesRbacNamespaced() {
    List<HasMetadata> objects =
        render(
            Map.of(
                "aws.region",
                "eu-west-1",
                "watchNamespaces[0]",
                "team-a",
                "watchNamespaces[1]",
                "team-b"));

    assertThat(of(objects, ClusterRole.class)).isEmpty();
    assertThat(of(objects, Role.class))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b", "ecs-mi-operator", "ecs-mi-operator");
    assertThat(objects).filteredOn(o -> o.getKind().equals("RoleBinding")).hasSize(4);
    assertThat(
            env(
                of(objects, Deployment.class)
                    .get(0)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getEnv()))
        .containsEntry("ECSMI_WATCH_NAMESPACES", "team-a,team-b");
  }

  @Test
  void theServiceMonitorThePdbAndIrsaAreThereWhenAskedFor() {
    List<HasMetadata> objects =
        render(
            Map.of(
                "metrics.serviceMonitor.enabled",
                true,
                "metrics.serviceMonitor.labels.release",
                "prometheus",
                "podDisruptionBudget.enabled",
                true,
                "serviceAccount.irsaRoleArn",
                "arn:aws:iam::123456789012:role/ecs-mi-operator"));

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains("ServiceMonitor", "PodDisruptionBudget");
    assertThat(of(objects, ServiceAccount.class).get(0).getMetadata().getAnnotations())
        .containsEntry(
            "eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/ecs-mi-operator");
    assertThat(
            objects.stream()
                .filter(o -> o.getKind().equals("ServiceMonitor"))
                .findFirst()
                .orElseThrow()
                .getMetadata()
                .getLabels())
        .containsEntry("release", "prometheus");
  }

  @Test
  void noRuleAnywhereUsesAWildcard() {
    for (Map<String, Object> values :
        List.of(REGION, Map.<String, Object>of("watchNamespaces[0]", "a"))) {
      String rendered = Chart.render("x", "ns", values);
      assertThat(rendered).doesNotContain("\"*\"").doesNotContain("- '*'");
    }
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "replicaCount|-1|replicaCount",
        "logging.format|xml|logging.format",
        "aws.region|Europe|aws.region",
        "resyncInterval|5 minutes|resyncInterval",
        "stalledRetryInterval|soon|stalledRetryInterval",
        "serviceAccount.irsaRoleArn|not-an-arn|irsaRoleArn",
        "serviceLinkedRolePolicy|Delete|serviceLinkedRolePolicy",
        "watchNamespaces[0]|Team_A|watchNamespaces",
        "metrics.port|0|metrics.port",
        "noSuchKey|1|noSuchKey"
      })
  void theSchemaRejectsWrongValuesNamingTheKey(String key, String value, String named) {
    assertThatThrownBy(() -> Chart.render("x", "ns", Map.of(key, value)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(named);
  }

  @Test
  void theReadmeDocumentsEveryValue() throws Exception {
    String readme = Files.readString(Chart.path().resolve("README.md"));
    String values = Files.readString(Chart.path().resolve("values.yaml"));
    List<String> keys = leafKeys(values);

    assertThat(keys).hasSizeGreaterThan(40);
    keys.forEach(k -> assertThat(readme).as("README documents " + k).contains("`" + k + "`"));
  }

  static List<String> leafKeys(String valuesYaml) {
    List<String> keys = new java.util.ArrayList<>();
    java.util.List<String> stack = new java.util.ArrayList<>();
    for (String line : valuesYaml.lines().toList()) {
      Matcher m = Pattern.compile("^(\\s*)([A-Za-z0-9]+):\\s*(.*)$").matcher(line);
      if (!m.matches()) {
        continue;
      }
      int depth = m.group(1).length() / 2;
      while (stack.size() > depth) {
        stack.remove(stack.size() - 1);
      }
      stack.add(m.group(2));
      if (!m.group(3).isEmpty()) {
        keys.add(String.join(".", stack));
      }
    }
    return keys;
  }

  private static Map<String, String> env(List<EnvVar> env) {
    return env.stream()
        .collect(
            Collectors.toMap(
                EnvVar::getName, e -> e.getValue() == null ? "(from field)" : e.getValue()));
  }

  private static Role role(List<HasMetadata> objects, String name) {
    return of(objects, Role.class).stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Role " + name));
  }

  /** "group/resource[names]: verbs" per resource of each rule. */
  private static List<String> rules(List<PolicyRule> rules) {
    return rules.stream()
        .flatMap(
            r ->
                r.getResources().stream()
                    .map(
                        res ->
                            r.getApiGroups().get(0)
                                + "/"
                                + res
                                + (r.getResourceNames() == null || r.getResourceNames().isEmpty()
                                    ? ""
                                    : r.getResourceNames().toString())
                                + ": "
                                + String.join(",", r.getVerbs())))
        .toList();
  }
}
