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

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));

  private Sdk() {}

  /** An ECS client without SDK retries, so every emulated answer reaches the test as is. */
  static EcsClient ecs(URI endpoint, String region) {
    return ecs(endpoint, region, false);
  }

  static EcsClient ecs(URI endpoint, String region, boolean sdkRetries) {
    return EcsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(CREDENTIALS)
        .overrideConfiguration(retries(sdkRetries))
        .build();
  }

  static IamClient iam(URI endpoint) {
    return iam(endpoint, false);
  }

  static IamClient iam(URI endpoint, boolean sdkRetries) {
    return IamClient.builder()
        .endpointOverride(endpoint)
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(CREDENTIALS)
        .overrideConfiguration(retries(sdkRetries))
        .build();
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
