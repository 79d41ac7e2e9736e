package io.ecsmi.operator.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
}
