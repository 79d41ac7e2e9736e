package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * STS as the real SDK's StsClient sees it: AssumeRole into another account's role as its trust
 * policy allows, the session's calls acting in that account with the role's permissions, and the
 * answers AWS gives otherwise (botocore's STS model for the members' constraints; AccessDenied 403
 * and the expired-token codes as AWS answers them).
 */
class StsContractTest {

  private static final String MANAGEMENT = AwsEmulator.DEFAULT_ACCOUNT_ID;
  private static final String WORKLOAD = "210987654321";
  private static final String OPERATOR = "AKIDMANAGEMENT";
  private static final String OPERATOR_ROLE = "arn:aws:iam::" + MANAGEMENT + ":role/ecsmi-operator";
  private static final String ALLOW_ALL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
          + "\"Resource\":\"*\"}]}";

  private final AwsEmulator emulator = AwsEmulator.start();
  private final EmulatedAccount workload = emulator.addAccount(WORKLOAD);
  private final String roleArn =
      workload.createRole(
          "ecsmi-target",
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
              + "{\"AWS\":\""
              + OPERATOR_ROLE
              + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
              + "{\"sts:ExternalId\":\"tenant-42\"}}}]}",
          ALLOW_ALL);

  {
    emulator.attachPolicy(
        OPERATOR, ALLOW_ALL, "arn:aws:sts::" + MANAGEMENT + ":assumed-role/ecsmi-operator/pod-1");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void assumeRoleIssuesASessionThatActsInTheRolesAccount() {
    try (StsClient sts = sts(OPERATOR)) {
      AssumeRoleResponse assumed =
          sts.assumeRole(a -> a.roleArn(roleArn).roleSessionName("ecsmi").externalId("tenant-42"));

      assertThat(assumed.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
      assertThat(assumed.credentials().expiration())
          .isBetween(
              emulator.clock().instant().plus(Duration.ofMinutes(59)),
              emulator.clock().instant().plus(Duration.ofMinutes(61)));
      assertThat(assumed.assumedRoleUser().arn())
          .isEqualTo("arn:aws:sts::" + WORKLOAD + ":assumed-role/ecsmi-target/ecsmi");
      assertThat(assumed.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z2-7]{17}:ecsmi");

      StaticCredentialsProvider session =
          StaticCredentialsProvider.create(
              software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                  assumed.credentials().accessKeyId(),
                  assumed.credentials().secretAccessKey(),
                  assumed.credentials().sessionToken()));
      try (StsClient asTarget = sts(session);
          EcsClient ecs = ecs(session)) {
        var identity = asTarget.getCallerIdentity();
        assertThat(identity.account()).isEqualTo(WORKLOAD);
        assertThat(identity.arn()).isEqualTo(assumed.assumedRoleUser().arn());
        assertThat(identity.userId()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());

        workload.createCluster("us-east-1", "prod");
        workload.seedRole();
        ecs.createCapacityProvider(Providers.create("prod", "tenant"));
      }
      assertThat(workload.provider("us-east-1", "tenant")).isPresent();
      assertThat(emulator.provider("us-east-1", "tenant"))
          .as("nothing in the management account")
          .isEmpty();
    }
  }

  @Test
  void theManagementIdentityIsARoleSessionOfItsOwnAccount() {
    try (StsClient sts = sts(OPERATOR)) {
      var identity = sts.getCallerIdentity();

      assertThat(identity.account()).isEqualTo(MANAGEMENT);
      assertThat(identity.arn())
          .isEqualTo("arn:aws:sts::" + MANAGEMENT + ":assumed-role/ecsmi-operator/pod-1");
    }
  }

  @Test
  void aWrongOrMissingExternalIdAnUntrustedCallerOrNoSuchRoleIsTheSameAccessDenied() {
    emulator.attachPolicy(
        "AKIDSTRANGER", ALLOW_ALL, "arn:aws:iam::" + MANAGEMENT + ":user/stranger");
    try (StsClient operator = sts(OPERATOR);
        StsClient stranger = sts("AKIDSTRANGER")) {
      String denied =
          "User: arn:aws:sts::"
              + MANAGEMENT
              + ":assumed-role/ecsmi-operator/pod-1 is not authorized to perform: sts:AssumeRole on"
              + " resource: ";

      assertDenied(
          () ->
              operator.assumeRole(
                  a -> a.roleArn(roleArn).roleSessionName("ecsmi-test").externalId("other")),
          denied + roleArn);
      assertDenied(
          () -> operator.assumeRole(a -> a.roleArn(roleArn).roleSessionName("ecsmi-test")),
          denied + roleArn);
      String missing = "arn:aws:iam::" + WORKLOAD + ":role/no-such-role";
      assertDenied(
          () ->
              operator.assumeRole(
                  a -> a.roleArn(missing).roleSessionName("ecsmi-test").externalId("tenant-42")),
          denied + missing);
      assertDenied(
          () ->
              stranger.assumeRole(
                  a -> a.roleArn(roleArn).roleSessionName("ecsmi-test").externalId("tenant-42")),
          "User: arn:aws:iam::"
              + MANAGEMENT
              + ":user/stranger is not authorized to perform:"
              + " sts:AssumeRole on resource: "
              + roleArn);
    }
  }

  @Test
  void theCallersOwnPolicyMustAllowAssumeRole() {
    emulator.attachPolicy(
        OPERATOR,
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecs:*\","
            + "\"Resource\":\"*\"}]}",
        "arn:aws:sts::" + MANAGEMENT + ":assumed-role/ecsmi-operator/pod-1");
    try (StsClient sts = sts(OPERATOR)) {
      assertThatThrownBy(
              () ->
                  sts.assumeRole(
                      a ->
                          a.roleArn(roleArn).roleSessionName("ecsmi-test").externalId("tenant-42")))
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                assertThat(e.getMessage())
                    .contains("because no identity-based policy allows the sts:AssumeRole action");
              });
    }
  }

  @Test
  void membersOutsideTheModelsConstraintsAreValidationErrors() {
    try (StsClient sts = sts(OPERATOR)) {
      assertValidation(
          () ->
              sts.assumeRole(
                  a -> a.roleArn(roleArn).roleSessionName("has space").externalId("tenant-42")),
          "Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy"
              + " regular expression pattern: [\\w+=,.@-]*");
      assertValidation(
          () ->
              sts.assumeRole(
                  a -> a.roleArn(roleArn).roleSessionName("ecsmi-test").durationSeconds(899)),
          "Member must have value greater than or equal to 900");
      assertValidation(
          () ->
              sts.assumeRole(
                  a -> a.roleArn(roleArn).roleSessionName("ecsmi-test").durationSeconds(43201)),
          "Member must have value less than or equal to 43200");
      assertValidation(
          () ->
              sts.assumeRole(a -> a.roleArn(roleArn).roleSessionName("ecsmi-test").externalId("x")),
          "Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater"
              + " than or equal to 2");
    }
  }

  @Test
  void aRoleSessionChainedIntoAnotherRoleGetsAnHourAtMost() {
    String longRole =
        workload.createRole(
            "long",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + MANAGEMENT
                + "\"},\"Action\":\"sts:AssumeRole\"}]}",
            ALLOW_ALL,
            Duration.ofHours(4));
    try (StsClient sts = sts(OPERATOR)) {
      assertValidation(
          () ->
              sts.assumeRole(
                  a -> a.roleArn(longRole).roleSessionName("ecsmi-test").durationSeconds(3601)),
          "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role"
              + " chaining.");
      assertValidation(
          () ->
              sts.assumeRole(
                  a ->
                      a.roleArn(roleArn)
                          .roleSessionName("ecsmi-test")
                          .externalId("tenant-42")
                          .durationSeconds(3601)),
          "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
      assertThat(
              sts.assumeRole(
                      a -> a.roleArn(longRole).roleSessionName("ecsmi-test").durationSeconds(3600))
                  .credentials())
          .isNotNull();
    }
  }

  @Test
  void anExpiredSessionIsRefusedAndTheSdksProviderAssumesTheRoleAgain() {
    emulator.limitSessionLifetime(Duration.ofSeconds(2));
    workload.createCluster("us-east-1", "prod");
    try (StsClient sts = sts(OPERATOR)) {
      AssumeRoleResponse assumed =
          sts.assumeRole(a -> a.roleArn(roleArn).roleSessionName("short").externalId("tenant-42"));
      StaticCredentialsProvider stale =
          StaticCredentialsProvider.create(
              software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                  assumed.credentials().accessKeyId(),
                  assumed.credentials().secretAccessKey(),
                  assumed.credentials().sessionToken()));
      org.awaitility.Awaitility.await("the session expired")
          .atMost(Duration.ofSeconds(10))
          .until(() -> emulator.clock().instant().isAfter(assumed.credentials().expiration()));

      try (EcsClient ecs = ecs(stale);
          IamClient iam = iam(stale)) {
        assertThatThrownBy(() -> ecs.describeCapacityProviders(d -> d.cluster("prod")))
            .isInstanceOfSatisfying(
                AwsServiceException.class,
                e -> {
                  assertThat(e.statusCode()).isEqualTo(400);
                  assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
                  assertThat(e.awsErrorDetails().errorMessage())
                      .isEqualTo("The security token included in the request is expired");
                });
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("AWSServiceRoleForECSCompute")))
            .isInstanceOfSatisfying(
                AwsServiceException.class,
                e -> {
                  assertThat(e.statusCode()).isEqualTo(403);
                  assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
                });
      }

      // The SDK's provider refreshes by time: every call after the expiry gets a new session.
      try (StsAssumeRoleCredentialsProvider provider =
              StsAssumeRoleCredentialsProvider.builder()
                  .stsClient(sts)
                  .refreshRequest(
                      r -> r.roleArn(roleArn).roleSessionName("refresh").externalId("tenant-42"))
                  .build();
          EcsClient ecs = ecs(provider)) {
        ecs.describeCapacityProviders(d -> d.cluster("prod"));
        String first = provider.resolveCredentials().accessKeyId();
        org.awaitility.Awaitility.await("a new session after the first expired")
            .atMost(Duration.ofSeconds(10))
            .until(() -> !provider.resolveCredentials().accessKeyId().equals(first));
        ecs.describeCapacityProviders(d -> d.cluster("prod"));
      }
    }
  }

  @Test
  void aSessionTokenThatIsNotTheOneIssuedIsInvalid() {
    try (StsClient sts = sts(OPERATOR)) {
      AssumeRoleResponse assumed =
          sts.assumeRole(
              a -> a.roleArn(roleArn).roleSessionName("ecsmi-test").externalId("tenant-42"));
      StaticCredentialsProvider forged =
          StaticCredentialsProvider.create(
              software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                  assumed.credentials().accessKeyId(), "secret", "forged"));
      try (EcsClient ecs = ecs(forged)) {
        assertThatThrownBy(() -> ecs.describeCapacityProviders(d -> d.capacityProviders("x")))
            .isInstanceOfSatisfying(
                AwsServiceException.class,
                e ->
                    assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("UnrecognizedClientException"));
      }
    }
  }

  @Test
  void trustPoliciesTheEmulatorCannotEvaluateAreRefusedWhenTheRoleIsCreated() {
    assertThatThrownBy(
            () ->
                workload.createRole(
                    "federated",
                    "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"x\"},"
                        + "\"Action\":\"sts:AssumeRole\"}]}",
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Principal");
  }

  private static void assertDenied(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            });
  }

  private static void assertValidation(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
              assertThat(e.awsErrorDetails().errorMessage()).contains(message);
            });
  }

  private StsClient sts(String accessKeyId) {
    return sts(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")));
  }

  private StsClient sts(AwsCredentialsProvider credentials) {
    return StsClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private EcsClient ecs(AwsCredentialsProvider credentials) {
    return EcsClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private IamClient iam(AwsCredentialsProvider credentials) {
    return IamClient.builder()
        .endpointOverride(endpoint())
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(credentials)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private URI endpoint() {
    return emulator.endpoint();
  }
}
