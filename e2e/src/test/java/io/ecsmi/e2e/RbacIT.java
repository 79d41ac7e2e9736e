package io.ecsmi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.state.ConfigMapRoleLedger;
import io.ecsmi.operator.testing.Crds;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.LocalKubeApiServer;
import io.ecsmi.operator.testing.Namespaces;
import io.ecsmi.operator.testing.Samples;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's RBAC is enough: the operator jar runs with a real token of the rendered
 * ServiceAccount (nothing but the rendered roles) and goes through a whole lifecycle.
 */
@ExtendWith(KubeApiServerExtension.class)
class RbacIT {

  @TempDir Path work;
  private AwsEmulator aws;
  private OperatorProcess operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (aws != null) {
      aws.close();
    }
  }

  @Test
  void theClusterWideRolesAreEnough(LocalKubeApiServer server, KubernetesClient admin)
      throws Exception {
    String release = Namespaces.create(admin, "rbac-op");
    String apps = Namespaces.create(admin, "rbac-apps");

    Path kubeconfig = installAndLogInAsTheServiceAccount(server, admin, release, Map.of());
    runLifecycle(admin, kubeconfig, release, apps, List.of());

    assertThat(operator.logText()).doesNotContain("RBAC does not allow listing CapacityProviders");
  }

  @Test
  void theNamespacedRolesAreEnough(LocalKubeApiServer server, KubernetesClient admin)
      throws Exception {
    String release = Namespaces.create(admin, "rbac-op");
    String team = Namespaces.create(admin, "rbac-team");

    Path kubeconfig =
        installAndLogInAsTheServiceAccount(
            server, admin, release, Map.of("watchNamespaces[0]", team));
    runLifecycle(admin, kubeconfig, release, team, List.of("--watch-namespaces", team));

    assertThat(operator.logText())
        .as("before deleting the role it counted its own namespace, and said why only that one")
        .contains("RBAC does not allow listing CapacityProviders in every namespace");
  }

  private Path installAndLogInAsTheServiceAccount(
      LocalKubeApiServer server, KubernetesClient admin, String release, Map<String, Object> values)
      throws Exception {
    Crds.installCapacityProviderCrd(admin);
    List<HasMetadata> objects = Chart.objects(release, release, values);
    for (HasMetadata o : objects) {
      if (List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")
          .contains(o.getKind())) {
        admin.resource(o).serverSideApply();
      }
    }
    ServiceAccount sa =
        objects.stream()
            .filter(ServiceAccount.class::isInstance)
            .map(ServiceAccount.class::cast)
            .findFirst()
            .orElseThrow();
    String token =
        admin
            .serviceAccounts()
            .inNamespace(release)
            .withName(sa.getMetadata().getName())
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Config cluster = Config.fromKubeconfig(server.kubeconfigYaml());
    String kubeconfig =
        "apiVersion: v1\nkind: Config\nclusters:\n- name: local\n  cluster:\n    server: "
            + cluster.getMasterUrl()
            + "\n    certificate-authority: "
            + cluster.getCaCertFile()
            + "\nusers:\n- name: operator\n  user:\n    token: "
            + token
            + "\ncontexts:\n- name: operator\n  context: {cluster: local, user: operator, namespace: "
            + release
            + "}\ncurrent-context: operator\n";
    return Files.writeString(work.resolve("sa-kubeconfig"), kubeconfig);
  }

  private void runLifecycle(
      KubernetesClient admin, Path kubeconfig, String release, String apps, List<String> extra) {
    aws = AwsEmulator.start();
    aws.createCluster("us-east-1", "prod");
    List<String> flags = new ArrayList<>(OperatorProcess.localFlags(aws.endpoint(), "us-east-1"));
    flags.addAll(
        List.of(
            "--leader-election",
            "true",
            "--lease-name",
            release,
            "--lease-namespace",
            release,
            "--lease-duration",
            "5s"));
    flags.addAll(extra);
    operator =
        OperatorProcess.start(
            kubeconfig, "AKIDRBAC", flags, Map.of(), work.resolve("operator.log"));
    operator.awaitReady(Duration.ofSeconds(60));

    CapacityProvider cp = Samples.load("minimal.yaml");
    cp.getMetadata().setName("rbac");
    cp.getMetadata().setNamespace(apps);
    admin.resource(cp).create();
    var resource = admin.resources(CapacityProvider.class).inNamespace(apps).withName("rbac");
    Awaitility.await("Ready under the ServiceAccount's permissions")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                resource.get().getStatus() != null
                    && resource.get().getStatus().conditions() != null
                    && resource.get().getStatus().conditions().stream()
                        .anyMatch(c -> c.type().equals("Ready") && c.status().equals("True")));
    resource.delete();
    try {
      Awaitility.await("finalizer removed")
          .atMost(Duration.ofSeconds(60))
          .until(() -> resource.get() == null);
    } catch (RuntimeException e) {
      throw new AssertionError(
          "the finalizer was not removed; operator log:\n" + operator.logText(), e);
    }

    Awaitility.await("the last one out deleted the service-linked role")
        .atMost(Duration.ofSeconds(60))
        .until(() -> aws.role().isEmpty());
    assertThat(aws.deletionTasks()).hasSize(1);
    assertThat(
            admin
                .configMaps()
                .inNamespace(release)
                .withName(ConfigMapRoleLedger.NAME)
                .get()
                .getData())
        .as("the decision was kept in the release namespace")
        .containsKey("aws");
    Awaitility.await("Events written (in the background) under the ServiceAccount's permissions")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(admin.v1().events().inNamespace(apps).list().getItems())
                    .extracting(e -> e.getReason())
                    .contains("Created", "Deleted"));
    assertThat(operator.logText()).doesNotContainIgnoringCase("forbidden");
    assertThat(admin.leases().inNamespace(release).withName(release).get()).isNotNull();
  }
}
