package io.ecsmi.operator.aws;

import io.ecsmi.operator.aws.AwsFailure.Kind;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The one place that classifies AWS failures: retry, wait, or ask a human. */
public final class AwsErrors {

  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "RequestThrottled",
          "SlowDown");

  private static final Map<String, String> PERMISSIONS =
      Map.of(
          "CreateCapacityProvider", "ecs:CreateCapacityProvider (and ecs:TagResource)",
          "UpdateCapacityProvider", "ecs:UpdateCapacityProvider",
          "DeleteCapacityProvider", "ecs:DeleteCapacityProvider",
          "DescribeCapacityProviders", "ecs:DescribeCapacityProviders",
          "TagResource", "ecs:TagResource",
          "UntagResource", "ecs:UntagResource",
          "GetRole", "iam:GetRole",
          "CreateServiceLinkedRole", "iam:CreateServiceLinkedRole",
          "DeleteServiceLinkedRole", "iam:DeleteServiceLinkedRole",
          "GetServiceLinkedRoleDeletionStatus", "iam:GetServiceLinkedRoleDeletionStatus");

  private AwsErrors() {}

  public static AwsFailure classify(String operation, Throwable error) {
    if (error instanceof AwsServiceException e) {
      return service(operation, e);
    }
    if (error instanceof ApiCallTimeoutException) {
      return new AwsFailure(Kind.RETRYABLE, operation, "Timeout", error.getMessage(), null);
    }
    if (error instanceof SdkClientException) {
      return new AwsFailure(
          Kind.RETRYABLE,
          operation,
          "ConnectionFailure",
          rootMessage(error),
          "AWS could not be reached");
    }
    return new AwsFailure(
        Kind.RETRYABLE, operation, error.getClass().getSimpleName(), rootMessage(error), null);
  }

  private static AwsFailure service(String operation, AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String message =
        e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
            ? e.awsErrorDetails().errorMessage()
            : e.getMessage();
    code = code == null ? "HTTP" + e.statusCode() : code;
    String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (e.isThrottlingException() || THROTTLING.contains(code)) {
      return new AwsFailure(Kind.RETRYABLE, operation, code, message, null);
    }
    if (e.statusCode() >= 500) {
      return new AwsFailure(Kind.RETRYABLE, operation, code, message, null);
    }
    if (lower.contains("service linked role") || lower.contains("service-linked role")) {
      return new AwsFailure(
          Kind.ROLE_NOT_READY,
          operation,
          code,
          message,
          "waiting for IAM to propagate the AWSServiceRoleForECSCompute role");
    }
    if (code.equals("UpdateInProgressException")) {
      return new AwsFailure(Kind.BUSY, operation, code, message, null);
    }
    if (lower.contains("in use")) {
      return new AwsFailure(
          Kind.IN_USE,
          operation,
          code,
          message,
          "remove the capacity provider from the capacity provider strategies of the services and"
              + " tasks that use it; the operator retries");
    }
    if (lower.contains("does not exist")
        || code.equals("ResourceNotFoundException")
        || code.equals("NoSuchEntity")) {
      return new AwsFailure(Kind.NOT_FOUND, operation, code, message, null);
    }
    if (code.contains("AccessDenied")
        || code.equals("UnauthorizedOperation")
        || e.statusCode() == 403) {
      return new AwsFailure(
          Kind.TERMINAL,
          operation,
          code,
          message,
          "grant "
              + PERMISSIONS.getOrDefault(operation, operation)
              + " to the operator's IAM role (see config/iam/operator-policy.json)");
    }
    return new AwsFailure(Kind.TERMINAL, operation, code, message, hint(code));
  }

  private static String hint(String code) {
    return switch (code) {
      case "ClusterNotFoundException" -> "create the ECS cluster or correct spec.cluster";
      case "LimitExceededException", "LimitExceeded" ->
          "ECS allows 20 capacity providers per cluster; delete one or use another cluster";
      case "InvalidParameterException", "ClientException", "InvalidInput", "ValidationError" ->
          "correct the spec; the operator tries again when it changes";
      case "UnsupportedFeatureException" -> "Managed Instances are not available in this region";
      default -> "the operator tries again later, and at once when the spec changes";
    };
  }

  private static String rootMessage(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == error ? String.valueOf(error.getMessage()) : error.getMessage() + " (" + t + ")";
  }
}
