package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.operator.api.v1alpha1.CapacityProviderSpec;
import io.ecsmi.operator.testing.Samples;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Every sample of config/samples/ is a request ECS takes: the create and the update the operator
 * would send for it, through the real SDK, to the emulator's validation of AWS's rules.
 */
class SamplesInAwsTest {

  private final AwsEmulator aws = AwsEmulator.start();

  @AfterEach
  void stop() {
    aws.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal.yaml", "full.yaml", "spot.yaml", "retained-adopted.yaml"})
  void eachSampleIsARequestEcsAccepts(String sample) {
    CapacityProviderSpec spec = Samples.load(sample).getSpec();
    String region = spec.region() == null ? "us-east-1" : spec.region();
    aws.createCluster(region, "prod");
    aws.seedRole();
    DesiredProvider desired =
        new DesiredProvider(
            new ProviderKey(region, spec.cluster(), spec.name() == null ? "sample" : spec.name()),
            spec.managedInstancesProvider(),
            spec.tags() == null ? Map.of() : spec.tags());

    try (EcsClient ecs =
        EcsClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.of(region))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build()) {
      ecs.createCapacityProvider(SpecMapper.createRequest(desired));
      ecs.updateCapacityProvider(SpecMapper.updateRequest(desired));
    }

    assertThat(aws.provider(region, desired.key().name()).orElseThrow().status())
        .isEqualTo("ACTIVE");
  }
}
