package io.ecsmi.operator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A capacity provider as ECS describes it. Its configuration is the wire form of {@code
 * managedInstancesProvider} (never modified once read), so values this operator does not know are
 * carried, compared and shown as they are.
 *
 * @param status PROVISIONING, ACTIVE, DEPROVISIONING or INACTIVE (or what ECS adds)
 * @param updateStatus e.g. CREATE_COMPLETE, UPDATE_IN_PROGRESS, DELETE_FAILED
 * @param configuration {@code managedInstancesProvider} as ECS sent it, or null
 */
public record ObservedProvider(
    String arn,
    String name,
    String cluster,
    String status,
    String updateStatus,
    String updateStatusReason,
    JsonNode configuration,
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
