package io.ecsmi.emulator.iam;

import java.time.Instant;

/**
 * The account's {@code AWSServiceRoleForECSCompute} role as IAM stores it.
 *
 * @param visibleAt when GetRole (and ECS) first see it: IAM is eventually consistent
 */
public record ServiceLinkedRole(
    String roleName,
    String roleId,
    String arn,
    String path,
    Instant createDate,
    Instant visibleAt) {

  public static final String NAME = "AWSServiceRoleForECSCompute";
  public static final String SERVICE = "ecs-compute.amazonaws.com";
  public static final String PATH = "/aws-service-role/" + SERVICE + "/";
  public static final String DESCRIPTION =
      "Policy to enable Amazon ECS Compute to manage your EC2 instances and related resources as"
          + " part of ECS managed instance.";
  public static final String TRUST_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
          + "{\"Service\":\""
          + SERVICE
          + "\"},\"Action\":\"sts:AssumeRole\"}]}";

  public boolean visible(Instant now) {
    return !now.isBefore(visibleAt);
  }
}
