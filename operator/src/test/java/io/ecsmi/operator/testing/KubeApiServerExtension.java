package io.ecsmi.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one real API server of this test JVM: started on first use, shared by every test
 * class, stopped when the JUnit run ends (it is an {@link AutoCloseable} in the root store).
 *
 * <p>Resolves parameters of type {@link LocalKubeApiServer} and {@link KubernetesClient} (a client
 * shared by the whole run; tests must not close it).
 *
 * <p>After each test class it removes the CapacityProviders the class left behind: the operator
 * counts every CapacityProvider in the cluster before it deletes the service-linked role, so a
 * leftover would keep the next class's role alive.
 */
public final class KubeApiServerExtension implements ParameterResolver, AfterAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KubeApiServerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalKubeApiServer.class || type == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalKubeApiServer.class
        ? server(context)
        : client(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (store(context).get(LocalKubeApiServer.class) != null) {
      Namespaces.forgetAllCapacityProviders(client(context));
    }
  }

  /** The run's API server, started if this is its first use. */
  public static LocalKubeApiServer server(ExtensionContext context) {
    return store(context)
        .getOrComputeIfAbsent(
            LocalKubeApiServer.class, key -> LocalKubeApiServer.start(), LocalKubeApiServer.class);
  }

  /** The run's shared admin client. */
  public static KubernetesClient client(ExtensionContext context) {
    return store(context)
        .getOrComputeIfAbsent(
            KubernetesClient.class, key -> server(context).newClient(), KubernetesClient.class);
  }

  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE);
  }
}
