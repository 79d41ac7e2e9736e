package io.ecsmi.operator.aws;

import io.ecsmi.operator.aws.AwsFailure.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * The one place that classifies AWS failures, by service, operation and error code: a table, each
 * row with the AWS document it comes from. Message text is matched only where AWS gives no code for
 * the case, and then only for the operations where that message is known. An exception that is not
 * the AWS SDK's is the operator's own bug ({@link Kind#INTERNAL}), never an "AWS error".
 */
public final class AwsErrors {

  /** Which AWS service answered. */
  public enum Service {
    ECS,
    IAM
  }

  /**
   * One row of the table: the answer it matches and how to react.
   *
   * @param operations the operations it applies to; empty for any
   * @param codes the error codes it matches
   * @param messageContains lower-case fragments of which the message must contain one; empty for
   *     any message
   * @param hint what the user should do; null for none
   * @param source the AWS document (or, where AWS is silent, the evidence) behind the row
   */
  public record Rule(
      Service service,
      Set<String> operations,
      Set<String> codes,
      List<String> messageContains,
      Kind kind,
      String hint,
      String source) {

    boolean matches(Service s, String operation, String code, String message) {
      return service == s
          && (operations.isEmpty() || operations.contains(operation))
          && codes.contains(code)
          && (messageContains.isEmpty() || messageContains.stream().anyMatch(message::contains));
    }
  }

  private static final String ECS_MODEL =
      "botocore ecs/2014-11-13 service-2.json (the ECS API model), shape ";
  private static final String IAM_MODEL =
      "botocore iam/2010-05-08 service-2.json (the IAM API model), shape ";
  private static final String CREATE = "CreateCapacityProvider";
  private static final String UPDATE = "UpdateCapacityProvider";
  private static final String DELETE = "DeleteCapacityProvider";
  private static final String FIX_SPEC =
      "correct the spec; the operator tries again when it changes";

  /** First match wins: specific rows (operation, message) before general ones. */
  public static final List<Rule> RULES =
      List.of(
          new Rule(
              Service.ECS,
              Set.of(),
              Set.of("ServerException"),
              List.of(),
              Kind.TRANSIENT,
              null,
              ECS_MODEL
                  + "ServerException: \"These errors are usually caused by a server issue.\""),
          new Rule(
              Service.ECS,
              Set.of(),
              Set.of("ClusterNotFoundException"),
              List.of(),
              Kind.CLUSTER_NOT_FOUND,
              "create the ECS cluster, or correct spec.cluster or spec.region (clusters are"
                  + " regional)",
              ECS_MODEL
                  + "ClusterNotFoundException: \"The specified cluster wasn't found. ... Amazon ECS"
                  + " clusters are Region specific.\""),
          new Rule(
              Service.ECS,
              Set.of(CREATE, UPDATE, DELETE),
              Set.of("UpdateInProgressException"),
              List.of(),
              Kind.BUSY,
              null,
              ECS_MODEL
                  + "CreateCapacityProvider and DeleteCapacityProvider errors; Terraform retries"
                  + " UpdateCapacityProvider on it (terraform-provider-aws capacity_provider.go)"),
          new Rule(
              Service.ECS,
              Set.of(CREATE),
              Set.of("LimitExceededException"),
              List.of(),
              Kind.LIMIT_EXCEEDED,
              "ECS allows 20 capacity providers per cluster (not adjustable): delete one or use"
                  + " another cluster",
              ECS_MODEL
                  + "LimitExceededException; ECS Developer Guide, Service quotas: \"Capacity"
                  + " providers per cluster: 20\""),
          new Rule(
              Service.ECS,
              Set.of("TagResource"),
              Set.of("LimitExceededException"),
              List.of(),
              Kind.LIMIT_EXCEEDED,
              "ECS allows 50 tags per resource; remove tags added outside Kubernetes",
              ECS_MODEL + "Tags (max 50) and LimitExceededException"),
          new Rule(
              Service.ECS,
              Set.of(),
              Set.of("AccessDeniedException"),
              List.of(),
              Kind.ACCESS_DENIED,
              null,
              ECS_MODEL
                  + "AccessDeniedException: \"You don't have authorization to perform the requested"
                  + " action.\""),
          new Rule(
              Service.ECS,
              Set.of(),
              Set.of("UnsupportedFeatureException"),
              List.of(),
              Kind.UNSUPPORTED,
              "ECS Managed Instances are not available in this region; choose another spec.region",
              ECS_MODEL + "UnsupportedFeatureException: \"... isn't supported in this Region.\""),
          new Rule(
              Service.ECS,
              Set.of("TagResource", "UntagResource"),
              Set.of("ResourceNotFoundException"),
              List.of(),
              Kind.NOT_FOUND,
              null,
              ECS_MODEL + "ResourceNotFoundException: \"The specified resource wasn't found.\""),
          new Rule(
              Service.ECS,
              Set.of(DELETE, UPDATE),
              Set.of("ClientException"),
              List.of("capacity provider does not exist"),
              Kind.NOT_FOUND,
              null,
              "ECS has no code for it: ClientException \"The specified capacity provider does not"
                  + " exist. Specify a valid name or ARN and try again.\" (terraform-provider-aws"
                  + " capacity_provider.go treats it as deleted)"),
          new Rule(
              Service.ECS,
              Set.of(CREATE, UPDATE),
              Set.of("InvalidParameterException", "ClientException"),
              List.of("service linked role", "service-linked role"),
              Kind.ROLE_NOT_READY,
              "waiting for IAM to make the AWSServiceRoleForECSCompute role usable",
              "ECS has no code for it: \"ECS Service Linked Role does not exist\" / \"Unable to"
                  + " assume the service linked role\" (IAM is eventually consistent: IAM User"
                  + " Guide, Troubleshooting, eventual consistency)"),
          new Rule(
              Service.ECS,
              Set.of(DELETE),
              Set.of("ResourceInUseException"),
              List.of(),
              Kind.IN_USE,
              "remove the capacity provider from the capacity provider strategies of the services"
                  + " and tasks that use it; the operator retries",
              ECS_MODEL
                  + "ResourceInUseException: \"The specified resource is in-use and can't be"
                  + " removed.\""),
          new Rule(
              Service.ECS,
              Set.of(DELETE),
              Set.of("ClientException"),
              List.of("in use"),
              Kind.IN_USE,
              "remove the capacity provider from the capacity provider strategies of the services"
                  + " and tasks that use it; the operator retries",
              "ECS has no code for it on DeleteCapacityProvider: \"The specified capacity provider"
                  + " is in use and cannot be removed.\""),
          new Rule(
              Service.ECS,
              Set.of(CREATE),
              Set.of("ClientException"),
              List.of("already exists"),
              Kind.ALREADY_EXISTS,
              "a capacity provider of this name already exists in this region (perhaps in another"
                  + " cluster): choose another spec.name",
              "ECS has no code for it: ClientException \"The specified capacity provider already"
                  + " exists...\" (cloudposse/terraform-aws-ecs-cluster #68)"),
          new Rule(
              Service.ECS,
              Set.of(),
              Set.of("InvalidParameterException"),
              List.of(),
              Kind.INVALID,
              FIX_SPEC,
              ECS_MODEL + "InvalidParameterException: \"The specified parameter isn't valid.\""),
          new Rule(
              Service.ECS,
              Set.of(),
              Set.of("ClientException"),
              List.of(),
              Kind.INVALID,
              FIX_SPEC,
              ECS_MODEL
                  + "ClientException: \"usually caused by a client action ... specifying an"
                  + " identifier that isn't valid\""),
          new Rule(
              Service.IAM,
              Set.of(),
              Set.of("ServiceFailure"),
              List.of(),
              Kind.TRANSIENT,
              null,
              IAM_MODEL + "ServiceFailureException (HTTP 500)"),
          new Rule(
              Service.IAM,
              Set.of(),
              Set.of("ConcurrentModification"),
              List.of(),
              Kind.TRANSIENT,
              null,
              IAM_MODEL
                  + "ConcurrentModificationException: \"... multiple requests to change this object"
                  + " were submitted simultaneously. Wait a few minutes and submit your request"
                  + " again.\""),
          new Rule(
              Service.IAM,
              Set.of(),
              Set.of("AccessDenied"),
              List.of(),
              Kind.ACCESS_DENIED,
              null,
              "IAM API Reference, Common errors: AccessDenied (HTTP 403)"),
          new Rule(
              Service.IAM,
              Set.of(),
              Set.of("NoSuchEntity"),
              List.of(),
              Kind.NOT_FOUND,
              null,
              IAM_MODEL + "NoSuchEntityException (HTTP 404)"),
          new Rule(
              Service.IAM,
              Set.of(),
              Set.of("LimitExceeded"),
              List.of(),
              Kind.LIMIT_EXCEEDED,
              "an IAM quota of the account was reached (see the message)",
              IAM_MODEL + "LimitExceededException (HTTP 409)"),
          new Rule(
              Service.IAM,
              Set.of(),
              Set.of("UnmodifiableEntity"),
              List.of(),
              Kind.INVALID,
              "IAM protects this role from changes",
              IAM_MODEL + "UnmodifiableEntityException"),
          new Rule(
              Service.IAM,
              Set.of(),
              Set.of("InvalidInput", "ValidationError"),
              List.of(),
              Kind.INVALID,
              null,
              IAM_MODEL + "InvalidInputException (HTTP 400)"));

  /**
   * The permissions each operation needs (Service Authorization Reference, with the dependent
   * checks ECS documents), named in AccessDenied hints when AWS's message does not say which.
   */
  private static final Map<String, String> PERMISSIONS =
      Map.ofEntries(
          Map.entry(
              CREATE,
              "ecs:CreateCapacityProvider, ecs:TagResource (tags on create) and iam:PassRole on"
                  + " the infrastructure role"),
          Map.entry(
              UPDATE, "ecs:UpdateCapacityProvider and iam:PassRole on the infrastructure role"),
          Map.entry(DELETE, "ecs:DeleteCapacityProvider"),
          Map.entry("DescribeCapacityProviders", "ecs:DescribeCapacityProviders"),
          Map.entry("TagResource", "ecs:TagResource"),
          Map.entry("UntagResource", "ecs:UntagResource"),
          Map.entry("GetRole", "iam:GetRole"),
          Map.entry("CreateServiceLinkedRole", "iam:CreateServiceLinkedRole"),
          Map.entry("DeleteServiceLinkedRole", "iam:DeleteServiceLinkedRole"),
          Map.entry(
              "GetServiceLinkedRoleDeletionStatus", "iam:GetServiceLinkedRoleDeletionStatus"));

  /** AWS's AccessDenied text: "... is not authorized to perform: ACTION on resource: RESOURCE". */
  private static final Pattern DENIED =
      Pattern.compile(
          "not authorized to perform: (\\S+?)(?: on resource: (.+?))?(?: because .*| with .*)?$");

  private AwsErrors() {}

  public static AwsFailure classify(String operation, Throwable error) {
    if (error instanceof AwsServiceException e) {
      return service(operation, e);
    }
    if (error instanceof ApiCallTimeoutException
        || error instanceof ApiCallAttemptTimeoutException) {
      return new AwsFailure(Kind.TRANSIENT, operation, "Timeout", error.getMessage(), null);
    }
    if (error instanceof SdkException) {
      return new AwsFailure(
          Kind.TRANSIENT,
          operation,
          "ConnectionFailure",
          rootMessage(error),
          "AWS could not be reached");
    }
    return new AwsFailure(
        Kind.INTERNAL,
        operation,
        "InternalError",
        error.getClass().getSimpleName() + ": " + rootMessage(error),
        "a bug in the operator; the operator retries a few times, then waits for a change of this"
            + " resource; please report it with the operator's log");
  }

  private static AwsFailure service(String operation, AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String message =
        e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
            ? e.awsErrorDetails().errorMessage()
            : e.getMessage();
    code = code == null ? "HTTP" + e.statusCode() : code;
    message = message == null ? "" : message;
    if (e.isThrottlingException()) {
      // The SDK's own list of throttling codes (Throttling, ThrottlingException, ...), and 429.
      return new AwsFailure(Kind.THROTTLED, operation, code, message, null);
    }
    Service service = e instanceof IamException ? Service.IAM : Service.ECS;
    String lower = message.toLowerCase(Locale.ROOT);
    for (Rule rule : RULES) {
      if (rule.matches(service, operation, code, lower)) {
        String hint =
            rule.kind() == Kind.ACCESS_DENIED ? accessDeniedHint(operation, message) : rule.hint();
        return new AwsFailure(rule.kind(), operation, code, message, hint);
      }
    }
    if (e.statusCode() >= 500) {
      return new AwsFailure(Kind.TRANSIENT, operation, code, message, null);
    }
    if (e.statusCode() == 403 || (e instanceof EcsException && code.contains("AccessDenied"))) {
      return new AwsFailure(
          Kind.ACCESS_DENIED, operation, code, message, accessDeniedHint(operation, message));
    }
    return new AwsFailure(
        Kind.INVALID,
        operation,
        code,
        message,
        "AWS refused the call with an error this operator does not know; the operator tries again"
            + " later, and at once when the spec changes");
  }

  /** "grant ACTION on RESOURCE ..." from AWS's message, else the operation's permissions. */
  static String accessDeniedHint(String operation, String message) {
    Matcher m = DENIED.matcher(message.strip());
    String what;
    if (m.find()) {
      what = m.group(1) + (m.group(2) == null ? "" : " on " + m.group(2).strip());
    } else {
      what = PERMISSIONS.getOrDefault(operation, operation);
    }
    return "grant "
        + what
        + " to the operator's IAM role (see config/iam/operator-policy.json); the operator tries"
        + " again later";
  }

  private static String rootMessage(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == error ? String.valueOf(error.getMessage()) : error.getMessage() + " (" + t + ")";
  }
}
