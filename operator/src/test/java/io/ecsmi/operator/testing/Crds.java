package io.ecsmi.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Installs CRDs into an API server and waits until they serve. */
public final class Crds {

  /** Where crd-generator puts the CRD on the classpath. */
  public static final String CAPACITY_PROVIDER_CRD =
      "/META-INF/fabric8/capacityproviders.ecsmi.io-v1.yml";

  private Crds() {}

  /** Applies the CapacityProvider CRD the build generated (idempotent) and waits for it. */
  public static CustomResourceDefinition installCapacityProviderCrd(KubernetesClient client) {
    InputStream in = Crds.class.getResourceAsStream(CAPACITY_PROVIDER_CRD);
    if (in == null) {
      throw new IllegalStateException(
          CAPACITY_PROVIDER_CRD + " is not on the classpath: build the operator module first");
    }
    return install(client, in);
  }

  /**
   * Applies the CRD read from {@code yaml} (server-side, idempotent) and waits until established.
   */
  public static CustomResourceDefinition install(KubernetesClient client, InputStream yaml) {
    CustomResourceDefinition crd;
    try (yaml) {
      crd = client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client.resource(crd).forceConflicts().serverSideApply();
    return client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(Crds::established, 60, TimeUnit.SECONDS);
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
