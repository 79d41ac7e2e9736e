package io.ecsmi.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the test tier talks to a real API server: namespaces, CRDs, schema and CEL validation. */
@ExtendWith(KubeApiServerExtension.class)
class LocalKubeApiServerIT {

  private static final ResourceDefinitionContext WIDGETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("smoke.ecsmi.io")
          .withVersion("v1")
          .withPlural("widgets")
          .withKind("Widget")
          .withNamespaced(true)
          .build();

  @Test
  void validatesCustomResourcesServerSide(KubernetesClient client) {
    // Given a namespace and an established CRD with OpenAPI and CEL rules
    String namespace = "smoke-" + System.nanoTime();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    Crds.install(client, getClass().getResourceAsStream("/smoke/widgets.smoke.ecsmi.io.yaml"));
    var widgets = client.genericKubernetesResources(WIDGETS).inNamespace(namespace);

    // When a valid object and objects that break the schema and the CEL rule are created
    widgets.resource(widget("good", Map.of("size", 3))).create();

    // Then the API server rejects the invalid ones, naming the field
    assertThatThrownBy(() -> widgets.resource(widget("too-big", Map.of("size", 11))).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.size")
        .hasMessageContaining("less than or equal to 10");
    assertThatThrownBy(
            () -> widgets.resource(widget("over-limit", Map.of("size", 5, "limit", 4))).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.size must not exceed spec.limit");
    assertThatThrownBy(() -> widgets.resource(widget("no-size", Map.of())).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.size: Required value");

    // And lists back only the valid object, as stored
    assertThat(widgets.list().getItems())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.getMetadata().getName()).isEqualTo("good");
              assertThat(w.<Integer>get("spec", "size")).isEqualTo(3);
            });
  }

  private static GenericKubernetesResource widget(String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("smoke.ecsmi.io/v1")
        .withKind("Widget")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }
}
