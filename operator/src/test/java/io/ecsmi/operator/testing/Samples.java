package io.ecsmi.operator.testing;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The samples of config/samples/ as Java objects, for unit tests. */
public final class Samples {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Samples() {}

  public static CapacityProvider load(String file) {
    try {
      return SERIALIZATION.unmarshal(
          Files.readString(KubeVersions.projectRoot().resolve("config/samples").resolve(file)),
          CapacityProvider.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
