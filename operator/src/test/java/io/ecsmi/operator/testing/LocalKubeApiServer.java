package io.ecsmi.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code kube-apiserver} backed by a real {@code etcd}, run as local processes by fabric8
 * kube-api-test from the binaries that {@code scripts/provision-kube-binaries.sh} provides. There
 * is no scheduler, controller manager or garbage collector: exactly an API server.
 *
 * <p>It never downloads anything: when the pinned binaries are missing it fails and says how to
 * provision them, so no test tier can skip silently.
 */
public final class LocalKubeApiServer implements AutoCloseable {

  private static final String PROVISION_HINT =
      "run scripts/provision-kube-binaries.sh (make test does it for you)";

  private final KubeAPIServer server;
  private final Path binaries;
  private final String kubeconfigYaml;

  private LocalKubeApiServer(KubeAPIServer server, Path binaries, String kubeconfigYaml) {
    this.server = server;
    this.binaries = binaries;
    this.kubeconfigYaml = kubeconfigYaml;
  }

  /** Starts etcd and the API server at the pinned version and waits until they serve. */
  public static LocalKubeApiServer start() {
    KubeVersions versions = KubeVersions.pinned();
    Path root = testDir();
    Path binaries = root.resolve("k8s").resolve(versions.kubernetes() + "-linux-amd64");
    List<String> missing =
        List.of("etcd", "kube-apiserver", "kubectl").stream()
            .filter(name -> !Files.isExecutable(binaries.resolve(name)))
            .toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Kubernetes "
              + versions.kubernetes()
              + " binaries are missing from "
              + binaries
              + " (no "
              + String.join(", ", missing)
              + "): "
              + PROVISION_HINT);
    }
    var server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(root.toString())
                .withApiServerVersion(versions.kubernetes())
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                .build());
    try {
      server.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the local kube-apiserver did not start from " + binaries + ": " + e.getMessage(), e);
    }
    return new LocalKubeApiServer(server, binaries, server.getKubeConfigYaml());
  }

  /** A new client for this server; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
  }

  /** A kubeconfig (admin, client certificate) for this server. */
  public String kubeconfigYaml() {
    return kubeconfigYaml;
  }

  /** Writes the kubeconfig to {@code file}, for processes and kubectl. */
  public Path writeKubeconfig(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, kubeconfigYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kubectl binary of the same Kubernetes version. */
  public Path kubectl() {
    return binaries.resolve("kubectl");
  }

  @Override
  public void close() {
    server.stop();
  }

  private static Path testDir() {
    String override = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
    return override != null && !override.isBlank()
        ? Path.of(override)
        : Path.of(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME);
  }
}
