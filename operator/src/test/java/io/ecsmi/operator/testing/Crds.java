package io.ecsmi.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/** Installs the CRD generated from the model (as the build produced it) into an API server. */
public final class Crds {

  /** Where crd-generator puts the CRD on the classpath. */
  public static final String CAPACITY_PROVIDER_CRD =
      "/META-INF/fabric8/capacityproviders.ecsmi.io-v1.yml";

  private Crds() {}

  /** Applies the CapacityProvider CRD (idempotent) and waits until it is established. */
  public static CustomResourceDefinition installCapacityProviderCrd(KubernetesClient client) {
    CustomResourceDefinition crd;
    try (InputStream in = Crds.class.getResourceAsStream(CAPACITY_PROVIDER_CRD)) {
      if (in == null) {
        throw new IllegalStateException(
            CAPACITY_PROVIDER_CRD + " is not on the classpath: build the operator module first");
      }
      crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
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
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
