package io.ecsmi.operator.testing;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh namespaces, so tests sharing the one API server never see each other's objects. */
public final class Namespaces {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private Namespaces() {}

  /** Creates a namespace named after {@code prefix} and returns its name. */
  public static String create(KubernetesClient client, String prefix) {
    String name =
        (prefix.toLowerCase(Locale.ROOT)
            + "-"
            + ProcessHandle.current().pid()
            + "-"
            + COUNTER.incrementAndGet());
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * Deletes every CapacityProvider of {@code namespace} without its operator: finalizers removed,
   * nothing done in AWS. For tests that are done with a namespace whose operator has stopped.
   */
  public static void forgetCapacityProviders(KubernetesClient client, String namespace) {
    var resources = client.resources(CapacityProvider.class).inNamespace(namespace);
    for (CapacityProvider cp : resources.list().getItems()) {
      if (cp.getMetadata().getFinalizers() != null && !cp.getMetadata().getFinalizers().isEmpty()) {
        resources
            .withName(cp.getMetadata().getName())
            .edit(
                c -> {
                  c.getMetadata().setFinalizers(List.of());
                  return c;
                });
      }
      resources.withName(cp.getMetadata().getName()).delete();
    }
  }

  /** {@link #forgetCapacityProviders} in every namespace; nothing if the CRD is not installed. */
  public static void forgetAllCapacityProviders(KubernetesClient client) {
    List<String> namespaces;
    try {
      namespaces =
          client.resources(CapacityProvider.class).inAnyNamespace().list().getItems().stream()
              .map(cp -> cp.getMetadata().getNamespace())
              .distinct()
              .toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return;
      }
      throw e;
    }
    namespaces.forEach(namespace -> forgetCapacityProviders(client, namespace));
  }
}
