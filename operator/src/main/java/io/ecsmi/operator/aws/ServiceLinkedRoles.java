package io.ecsmi.operator.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The calls on the {@code AWSServiceRoleForECSCompute} service-linked role (IAM in production). */
public interface ServiceLinkedRoles {

  /** The role's name, as AWS documents it (ECS Developer Guide, using-service-linked-roles). */
  String ROLE_NAME = "AWSServiceRoleForECSCompute";

  String SERVICE = "ecs-compute.amazonaws.com";

  /** A deletion task as IAM reports it. */
  record DeletionStatus(String status, String reason, Map<String, List<String>> usage) {}

  /** What IAM answered to a create: the role it made, or that one already existed. */
  record Created(Optional<String> roleName, Optional<String> arn) {

    static Created alreadyExisted() {
      return new Created(Optional.empty(), Optional.empty());
    }
  }

  /** The ARN of the role named {@code roleName}, or empty when IAM does not (yet) show it. */
  Optional<String> arn(String roleName);

  /**
   * Creates the role. Every "already exists" answer (real IAM's "has been taken", other IAM
   * implementations' EntityAlreadyExists) means it exists, which is as good: both end in a role
   * that IAM may not show for a while.
   */
  Created create();

  /** Starts the asynchronous deletion of {@code roleName}; empty when it is already gone. */
  Optional<String> delete(String roleName);

  /** The task's state; empty when IAM no longer knows the task. */
  Optional<DeletionStatus> deletionStatus(String taskId);
}
