package io.ecsmi.emulator;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;

/** The real AWS SDK clients, pointed at an endpoint: the only way the contract tests talk. */
final class Sdk {

  /** The access key ID the clients sign with unless a test names another caller. */
  static final String DEFAULT_CALLER = "AKIDEXAMPLE";

  private Sdk() {}

  /** An ECS client without SDK retries, so every emulated answer reaches the test as is. */
  static EcsClient ecs(URI endpoint, String region) {
    return ecs(endpoint, region, false);
  }

  static EcsClient ecs(URI endpoint, String region, boolean sdkRetries) {
    return ecs(DEFAULT_CALLER, endpoint, region, sdkRetries);
  }

  /** An ECS client signing with {@code accessKeyId}: the caller the emulator authorizes. */
  static EcsClient ecsAs(String accessKeyId, URI endpoint, String region) {
    return ecs(accessKeyId, endpoint, region, false);
  }

  static IamClient iam(URI endpoint) {
    return iam(endpoint, false);
  }

  static IamClient iam(URI endpoint, boolean sdkRetries) {
    return iam(DEFAULT_CALLER, endpoint, Region.AWS_GLOBAL, sdkRetries);
  }

  /**
   * An IAM client of a partition: {@code Region.AWS_CN_GLOBAL} signs for {@code aws-cn-global},
   * {@code Region.CN_NORTH_1} for {@code cn-north-1} and so on.
   */
  static IamClient iam(URI endpoint, Region region) {
    return iam(DEFAULT_CALLER, endpoint, region, false);
  }

  static IamClient iamAs(String accessKeyId, URI endpoint, Region region) {
    return iam(accessKeyId, endpoint, region, false);
  }

  private static EcsClient ecs(
      String accessKeyId, URI endpoint, String region, boolean sdkRetries) {
    return EcsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(credentials(accessKeyId))
        .overrideConfiguration(retries(sdkRetries))
        .build();
  }

  private static IamClient iam(
      String accessKeyId, URI endpoint, Region region, boolean sdkRetries) {
    return IamClient.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(credentials(accessKeyId))
        .overrideConfiguration(retries(sdkRetries))
        .build();
  }

  private static StaticCredentialsProvider credentials(String accessKeyId) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret"));
  }

  private static ClientOverrideConfiguration retries(boolean on) {
    return on
        ? ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
            .build()
        : ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.doNotRetry())
            .build();
  }
}
