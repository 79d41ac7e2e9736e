package io.ecsmi.operator.aws;

import io.ecsmi.operator.api.v1alpha1.ManagedInstancesProviderSpec;
import java.util.Map;

/**
 * A capacity provider as ECS describes it, its configuration mapped into the spec's shape so the
 * two compare field by field.
 *
 * @param status PROVISIONING, ACTIVE, DEPROVISIONING or INACTIVE
 * @param updateStatus e.g. CREATE_COMPLETE, UPDATE_IN_PROGRESS, DELETE_FAILED
 */
public record ObservedProvider(
    String arn,
    String name,
    String cluster,
    String status,
    String updateStatus,
    String updateStatusReason,
    ManagedInstancesProviderSpec configuration,
    Map<String, String> tags) {

  public ObservedProvider {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** Deleted: INACTIVE providers stay visible for a while but count as gone. */
  public boolean gone() {
    return "INACTIVE".equals(status);
  }

  public boolean deprovisioning() {
    return "DEPROVISIONING".equals(status);
  }

  /** A create or update is still running; the next describe will tell how it ended. */
  public boolean changing() {
    return "PROVISIONING".equals(status)
        || (updateStatus != null && updateStatus.endsWith("_IN_PROGRESS"));
  }

  /** This provider with {@code tags} as its tags (after a TagResource/UntagResource). */
  public ObservedProvider withTags(Map<String, String> tags) {
    return new ObservedProvider(
        arn, name, cluster, status, updateStatus, updateStatusReason, configuration, tags);
  }
}
