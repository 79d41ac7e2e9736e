package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import java.util.Map;

/**
 * What the informer keeps of a CapacityProvider: the object without what the operator never reads.
 * {@code managedFields} (one entry per field manager, each listing every field it owns) and
 * kubectl's {@code last-applied-configuration} annotation (the whole manifest again) are most of an
 * object's size; the operator writes status by server-side apply, which never needs them.
 */
public final class CachedResource {

  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private CachedResource() {}

  /** Drops managedFields and the last-applied annotation from {@code resource}, in place. */
  public static CapacityProvider trimmed(CapacityProvider resource) {
    resource.getMetadata().setManagedFields(null);
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    if (annotations != null) {
      annotations.remove(LAST_APPLIED);
    }
    return resource;
  }
}
