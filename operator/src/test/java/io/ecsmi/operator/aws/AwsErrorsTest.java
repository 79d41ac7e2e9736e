package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.aws.AwsFailure.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.iam.model.IamException;

class AwsErrorsTest {

  private static EcsException ecs(String code, String message, int status) {
    return (EcsException)
        EcsException.builder()
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
            .statusCode(status)
            .message(message)
            .build();
  }

  private static IamException iam(String code, String message, int status) {
    return (IamException)
        IamException.builder()
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
            .statusCode(status)
            .message(message)
            .build();
  }

  @ParameterizedTest(name = "{0} {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ThrottlingException|Rate exceeded|400|RETRYABLE",
        "ServerException|Service Unavailable|500|RETRYABLE",
        "InvalidParameterException|Unable to assume the service linked role. Please verify that the ECS service linked role exists.|400|ROLE_NOT_READY",
        "UpdateInProgressException|There is already a current update in progress|400|BUSY",
        "ClientException|The specified capacity provider is in use and cannot be removed.|400|IN_USE",
        "ClientException|The specified capacity provider does not exist. Specify a valid name or ARN and try again.|400|NOT_FOUND",
        "ClusterNotFoundException|Cluster not found.|400|TERMINAL",
        "InvalidParameterException|storageSizeGiB must be at least 1.|400|TERMINAL",
        "LimitExceededException|The maximum number of capacity providers (20) has been reached.|400|TERMINAL",
        "AccessDeniedException|User is not authorized to perform ecs:CreateCapacityProvider|400|TERMINAL"
      })
  void classifiesEcsErrors(String code, String message, int status, Kind kind) {
    AwsFailure failure = AwsErrors.classify("CreateCapacityProvider", ecs(code, message, status));

    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure.code()).isEqualTo(code);
    assertThat(failure.message()).isEqualTo(message);
  }

  @Test
  void iamThrottlingAndServiceFailureAreRetryable() {
    assertThat(AwsErrors.classify("GetRole", iam("Throttling", "Rate exceeded", 400)).kind())
        .isEqualTo(Kind.RETRYABLE);
    assertThat(AwsErrors.classify("GetRole", iam("ServiceFailure", "boom", 500)).kind())
        .isEqualTo(Kind.RETRYABLE);
  }

  @Test
  void clientSideFailuresAreRetryable() {
    assertThat(AwsErrors.classify("GetRole", SdkClientException.create("Connection reset")).kind())
        .isEqualTo(Kind.RETRYABLE);
    assertThat(AwsErrors.classify("GetRole", ApiCallTimeoutException.create(30000)).code())
        .isEqualTo("Timeout");
  }

  @Test
  void accessDeniedSaysWhichPermissionToGrant() {
    AwsFailure failure =
        AwsErrors.classify("CreateServiceLinkedRole", iam("AccessDenied", "not authorized", 403));

    assertThat(failure.kind()).isEqualTo(Kind.TERMINAL);
    assertThat(failure.describe())
        .isEqualTo(
            "CreateServiceLinkedRole failed: AccessDenied: not authorized. grant"
                + " iam:CreateServiceLinkedRole to the operator's IAM role (see"
                + " config/iam/operator-policy.json)");
  }

  @Test
  void terminalErrorsCarryAHint() {
    assertThat(
            AwsErrors.classify(
                    "CreateCapacityProvider",
                    ecs("ClusterNotFoundException", "Cluster not found.", 400))
                .hint())
        .contains("spec.cluster");
    assertThat(
            AwsErrors.classify(
                    "CreateCapacityProvider", ecs("LimitExceededException", "limit", 400))
                .hint())
        .contains("20 capacity providers per cluster");
  }
}
