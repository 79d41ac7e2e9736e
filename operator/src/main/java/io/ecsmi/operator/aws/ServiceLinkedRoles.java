package io.ecsmi.operator.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The calls on the {@code AWSServiceRoleForECSCompute} service-linked role (IAM in production). */
public interface ServiceLinkedRoles {

  String ROLE_NAME = "AWSServiceRoleForECSCompute";
  String SERVICE = "ecs-compute.amazonaws.com";

  /** A deletion task as IAM reports it. */
  record DeletionStatus(String status, String reason, Map<String, List<String>> usage) {}

  /** The role's ARN, or empty when IAM does not (yet) show it. */
  Optional<String> arn();

  /**
   * Creates the role. "Has been taken" means it already exists, which is as good: both end in a
   * role that IAM may not show for a while.
   */
  void create();

  /** Starts the asynchronous deletion; empty when the role is already gone. */
  Optional<String> delete();

  /** The task's state; empty when IAM no longer knows the task. */
  Optional<DeletionStatus> deletionStatus(String taskId);
}
