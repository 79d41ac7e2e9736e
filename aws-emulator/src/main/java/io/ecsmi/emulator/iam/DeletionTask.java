package io.ecsmi.emulator.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A service-linked role deletion task as {@code GetServiceLinkedRoleDeletionStatus} reports it.
 *
 * @param status NOT_STARTED, IN_PROGRESS, SUCCEEDED or FAILED
 * @param roleUsage for FAILED: region to the ARNs of the resources that still use the role
 */
public record DeletionTask(
    String id,
    String status,
    String failureReason,
    Map<String, List<String>> roleUsage,
    Instant finishedAt) {

  public boolean finished() {
    return "SUCCEEDED".equals(status) || "FAILED".equals(status);
  }
}
