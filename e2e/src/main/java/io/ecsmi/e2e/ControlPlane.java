package io.ecsmi.e2e;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.Crds;
import io.ecsmi.operator.testing.KubeVersions;
import io.ecsmi.operator.testing.Kubectl;
import io.ecsmi.operator.testing.LocalKubeApiServer;
import io.ecsmi.operator.testing.OperatorHarness;
import io.ecsmi.operator.testing.Samples;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * A local Kubernetes control plane for whole-system runs: a real kube-apiserver and etcd, a
 * kubeconfig file for processes and kubectl, and the CRD installed from {@code crds/} (the file
 * users install).
 */
public final class ControlPlane implements AutoCloseable {

  private final LocalKubeApiServer server;
  private final KubernetesClient client;
  private final Path kubeconfig;
  private final Kubectl kubectl;

  private final boolean ownsServer;

  private ControlPlane(LocalKubeApiServer server, Path kubeconfig, boolean ownsServer) {
    this.server = server;
    this.ownsServer = ownsServer;
    this.client = server.newClient();
    this.kubeconfig = kubeconfig;
    this.kubectl = new Kubectl(server);
  }

  /** Starts an API server of its own (stopped by {@link #close()}). */
  public static ControlPlane start(Path workDir) {
    LocalKubeApiServer server = LocalKubeApiServer.start();
    return new ControlPlane(server, server.writeKubeconfig(workDir.resolve("kubeconfig")), true);
  }

  /** Uses a running API server (e.g. the test JVM's shared one), which it leaves running. */
  public static ControlPlane on(LocalKubeApiServer server, Path workDir) {
    return new ControlPlane(server, server.writeKubeconfig(workDir.resolve("kubeconfig")), false);
  }

  /** Applies crds/capacityproviders.ecsmi.io-v1.yml and waits until it is established. */
  public void installCrd() {
    Path file = KubeVersions.projectRoot().resolve("crds/capacityproviders.ecsmi.io-v1.yml");
    try {
      Crds.install(client, Files.newInputStream(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same CRD as the Java build generated it (for tests that want the classpath copy). */
  public void installGeneratedCrd() {
    Crds.installCapacityProviderCrd(client);
  }

  /** Creates config/samples/{@code file} as {@code namespace/name}. */
  public CapacityProvider createSample(String file, String namespace, String name) {
    CapacityProvider cp = Samples.load(file);
    cp.getMetadata().setName(name);
    cp.getMetadata().setNamespace(namespace);
    return client.resource(cp).create();
  }

  /** Waits until {@code namespace/name} is Ready for its generation. */
  public void awaitReady(String namespace, String name, Duration atMost) {
    Awaitility.await(namespace + "/" + name + " Ready")
        .atMost(atMost)
        .until(
            () ->
                client
                    .resources(CapacityProvider.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .get(),
            cp -> cp != null && OperatorHarness.readyForItsGeneration(cp));
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Kubectl kubectl() {
    return kubectl;
  }

  /**
   * Restarts the kube-apiserver, etcd kept (see {@link LocalKubeApiServer#restartApiServer()});
   * returns how long it did not serve.
   */
  public Duration restartApiServer() {
    return server.restartApiServer();
  }

  public LocalKubeApiServer server() {
    return server;
  }

  @Override
  public void close() {
    client.close();
    if (ownsServer) {
      server.close();
    }
  }
}
