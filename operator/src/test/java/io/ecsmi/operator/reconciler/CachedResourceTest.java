package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.Samples;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachedResourceTest {

  @Test
  void dropsManagedFieldsAndTheLastAppliedManifestAndKeepsEverythingElse() {
    CapacityProvider resource = Samples.load("minimal.yaml");
    resource
        .getMetadata()
        .setManagedFields(
            List.of(
                new ManagedFieldsEntryBuilder()
                    .withManager("kubectl-client-side-apply")
                    .withOperation("Update")
                    .build()));
    resource
        .getMetadata()
        .setAnnotations(
            new HashMap<>(
                Map.of(
                    CachedResource.LAST_APPLIED,
                    "{\"apiVersion\":\"ecsmi.io/v1alpha1\"}",
                    "team",
                    "payments")));
    resource.getMetadata().setResourceVersion("42");
    var spec = resource.getSpec();

    CapacityProvider cached = CachedResource.trimmed(resource);

    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getAnnotations())
        .containsExactly(Map.entry("team", "payments"));
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(cached.getSpec()).isSameAs(spec);
  }

  @Test
  void aResourceWithoutAnnotationsIsLeftAsItIs() {
    CapacityProvider resource = Samples.load("minimal.yaml");
    resource.getMetadata().setAnnotations(null);

    assertThat(CachedResource.trimmed(resource).getMetadata().getAnnotations()).isNull();
  }
}
