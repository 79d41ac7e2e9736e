package io.ecsmi.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.process.KubeAPIServerProcess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
  private Process restarted;

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

  /**
   * Restarts the kube-apiserver as a node's kubelet would after a crash or an upgrade: SIGTERM to
   * the API server alone (etcd, and so every object, stays), waits for it to exit, starts it again
   * with the same command line (port, certificates, etcd) and waits until it serves. Returns how
   * long it did not serve, from the SIGTERM until {@code /readyz} answered again.
   *
   * <p>kube-api-test has no restart: its process wrapper stops etcd too when the API server exits
   * unless it stopped the API server itself, which its {@code stopped} flag says. So the flag is
   * set first, and from then on this class stops the API server it started ({@link #close()}).
   */
  public synchronized Duration restartApiServer() {
    KubeAPIServerProcess wrapper = field(server, "kubeApiServerProcess");
    Process running = restarted != null ? restarted : field(wrapper, "apiServerProcess");
    setField(wrapper, "stopped", true);
    List<String> command = commandLine(running.pid());
    Instant down = Instant.now();
    running.destroy();
    try {
      running.waitFor();
      restarted =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0) + " again", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the API server stopped", e);
    }
    wrapper.waitUntilReady();
    return Duration.between(down, Instant.now());
  }

  @Override
  public synchronized void close() {
    if (restarted != null) {
      restarted.destroyForcibly();
      restarted.onExit().join();
    }
    server.stop();
  }

  /** The exact arguments of process {@code pid}, from {@code /proc} (Linux). */
  private static List<String> commandLine(long pid) {
    try {
      String raw = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8);
      return Arrays.asList(raw.split("\0"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the API server's command line", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T field(Object owner, String name) {
    try {
      return (T) accessible(owner, name).get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("kube-api-test changed: no " + name, e);
    }
  }

  private static void setField(Object owner, String name, Object value) {
    try {
      accessible(owner, name).set(owner, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("kube-api-test changed: no " + name, e);
    }
  }

  private static Field accessible(Object owner, String name) {
    try {
      Field field = owner.getClass().getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(
          "kube-api-test " + owner.getClass().getName() + " has no field " + name, e);
    }
  }

  private static Path testDir() {
    String override = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
    return override != null && !override.isBlank()
        ? Path.of(override)
        : Path.of(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME);
  }
}
