package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.aws.AwsErrors.Rule;
import io.ecsmi.operator.aws.AwsErrors.Service;
import io.ecsmi.operator.aws.AwsFailure.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * The classification table, row by row: each case is an answer AWS gives (codes from the ECS and
 * IAM models, messages where AWS has no code) and the reaction it must get.
 */
class AwsErrorsTest {

  private static AwsServiceException error(
      String service, String code, String message, int status) {
    var details = AwsErrorDetails.builder().errorCode(code).errorMessage(message).build();
    return service.equals("IAM")
        ? IamException.builder()
            .awsErrorDetails(details)
            .statusCode(status)
            .message(message)
            .build()
        : EcsException.builder()
            .awsErrorDetails(details)
            .statusCode(status)
            .message(message)
            .build();
  }

  @ParameterizedTest(name = "{0} {1} {2} \"{3}\" -> {5}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ECS|CreateCapacityProvider|ThrottlingException|Rate exceeded|400|THROTTLED",
        "ECS|DescribeCapacityProviders|ServerException|Service Unavailable|500|TRANSIENT",
        "ECS|CreateCapacityProvider|InvalidParameterException|Unable to assume the service linked role. Please verify that the ECS service linked role exists.|400|ROLE_NOT_READY",
        "ECS|CreateCapacityProvider|ClientException|ECS Service Linked Role does not exist. Please create a Service linked role for ECS and try again.|400|ROLE_NOT_READY",
        "ECS|UpdateCapacityProvider|UpdateInProgressException|There is already a current update in progress|400|BUSY",
        "ECS|DeleteCapacityProvider|ClientException|The specified capacity provider is in use and cannot be removed.|400|IN_USE",
        "ECS|DeleteCapacityProvider|ClientException|The specified capacity provider does not exist. Specify a valid name or ARN and try again.|400|NOT_FOUND",
        "ECS|UpdateCapacityProvider|ClientException|The specified capacity provider does not exist. Specify a valid name or ARN and try again.|400|NOT_FOUND",
        "ECS|TagResource|ResourceNotFoundException|The specified resource could not be found.|400|NOT_FOUND",
        // Defect 3: "does not exist" is not "gone" outside the operations where ECS says so.
        "ECS|CreateCapacityProvider|InvalidParameterException|Error retrieving subnet information for [subnet-0a1b2c3d]: The subnet ID 'subnet-0a1b2c3d' does not exist (ErrorCode: InvalidSubnetID.NotFound)|400|INVALID",
        "ECS|CreateCapacityProvider|ClientException|The infrastructure role arn:aws:iam::123456789012:role/missing does not exist.|400|INVALID",
        "ECS|CreateCapacityProvider|ClientException|The specified capacity provider does not exist.|400|INVALID",
        "ECS|DescribeCapacityProviders|ClusterNotFoundException|Cluster not found.|400|CLUSTER_NOT_FOUND",
        "ECS|DeleteCapacityProvider|ClusterNotFoundException|The specified cluster does not exist.|400|CLUSTER_NOT_FOUND",
        "ECS|CreateCapacityProvider|ClientException|The specified capacity provider already exists. To change the configuration of an existing capacity provider, update the capacity provider.|400|ALREADY_EXISTS",
        "ECS|CreateCapacityProvider|InvalidParameterException|storageSizeGiB must be at least 1.|400|INVALID",
        "ECS|CreateCapacityProvider|LimitExceededException|The maximum number of capacity providers (20) has been reached.|400|LIMIT_EXCEEDED",
        "ECS|CreateCapacityProvider|AccessDeniedException|User: arn:aws:sts::123456789012:assumed-role/op/s is not authorized to perform: ecs:CreateCapacityProvider on resource: arn:aws:ecs:us-east-1:123456789012:capacity-provider/cp because no identity-based policy allows the ecs:CreateCapacityProvider action|400|ACCESS_DENIED",
        "ECS|CreateCapacityProvider|UnsupportedFeatureException|Managed Instances are not supported in this Region.|400|UNSUPPORTED",
        "ECS|CreateCapacityProvider|SomethingNewException|ECS added an error|400|INVALID",
        "ECS|CreateCapacityProvider|SomethingNewException|ECS added an error|503|TRANSIENT",
        "IAM|GetRole|Throttling|Rate exceeded|400|THROTTLED",
        "IAM|GetRole|ServiceFailure|boom|500|TRANSIENT",
        "IAM|DeleteServiceLinkedRole|ConcurrentModification|try again|409|TRANSIENT",
        "IAM|GetRole|AccessDenied|User: x is not authorized to perform: iam:GetRole on resource: role AWSServiceRoleForECSCompute because no identity-based policy allows the iam:GetRole action|403|ACCESS_DENIED",
        "IAM|CreateServiceLinkedRole|InvalidInput|Invalid ServiceName|400|INVALID",
        "IAM|CreateServiceLinkedRole|LimitExceeded|Cannot exceed quota for RolesPerAccount: 1000|409|LIMIT_EXCEEDED",
        "IAM|GetServiceLinkedRoleDeletionStatus|NoSuchEntity|Deletion task not found|404|NOT_FOUND"
      })
  void classifiesByServiceOperationAndCode(
      String service, String operation, String code, String message, int status, Kind kind) {
    AwsFailure failure = AwsErrors.classify(operation, error(service, code, message, status));

    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure.code()).isEqualTo(code);
    assertThat(failure.message()).isEqualTo(message);
  }

  @Test
  void clientSideFailuresAreTransient() {
    assertThat(AwsErrors.classify("GetRole", SdkClientException.create("Connection reset")).kind())
        .isEqualTo(Kind.TRANSIENT);
    assertThat(AwsErrors.classify("GetRole", ApiCallTimeoutException.create(30000)).code())
        .isEqualTo("Timeout");
  }

  @Test
  void anExceptionOutsideTheSdkIsTheOperatorsOwnBugNotAnAwsError() {
    AwsFailure failure =
        AwsErrors.classify("DescribeCapacityProviders", new IllegalStateException("oops"));

    assertThat(failure.kind()).isEqualTo(Kind.INTERNAL);
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.code()).isEqualTo("InternalError");
    assertThat(failure.describe()).contains("IllegalStateException: oops").contains("a bug");
  }

  @Test
  void accessDeniedNamesTheActionAndResourceAwsDenied() {
    AwsFailure failure =
        AwsErrors.classify(
            "CreateCapacityProvider",
            error(
                "ECS",
                "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/op/s is not authorized to perform:"
                    + " iam:PassRole on resource: arn:aws:iam::123456789012:role/infra because no"
                    + " identity-based policy allows the iam:PassRole action",
                400));

    assertThat(failure.hint())
        .startsWith(
            "grant iam:PassRole on arn:aws:iam::123456789012:role/infra to the operator's IAM"
                + " role (see config/iam/operator-policy.json)");
  }

  @Test
  void accessDeniedWithoutDetailNamesWhatTheOperationNeeds() {
    AwsFailure failure =
        AwsErrors.classify("CreateServiceLinkedRole", error("IAM", "AccessDenied", "denied", 403));

    assertThat(failure.hint()).startsWith("grant iam:CreateServiceLinkedRole to the operator's");
  }

  @Test
  void everyRowNamesItsSourceAndAModeledCode() {
    for (Rule rule : AwsErrors.RULES) {
      assertThat(rule.source()).as("source of %s", rule).isNotBlank();
      for (String code : rule.codes()) {
        assertThat(modeled(rule.service(), code))
            .as("%s is an error of the %s model", code, rule.service())
            .isTrue();
      }
    }
  }

  /** A code of the service's model: the SDK has its exception class, or it is a common error. */
  private static boolean modeled(Service service, String code) {
    if (service == Service.IAM && (code.equals("AccessDenied") || code.equals("ValidationError"))) {
      return true; // IAM API Reference, Common Errors
    }
    String name =
        service == Service.ECS
            ? "software.amazon.awssdk.services.ecs.model." + code
            : "software.amazon.awssdk.services.iam.model." + code + "Exception";
    try {
      Class.forName(name);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
