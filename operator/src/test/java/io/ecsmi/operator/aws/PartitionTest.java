package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The region's partition decides where IAM calls go and how they are signed. Expected values from
 * botocore's endpoints.json ({@code iam}: the partition endpoint's hostname and credential scope).
 */
class PartitionTest {

  /** Stops a call once it is signed, keeping the request that would have gone out. */
  private static final class Captured extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Captured() {
      super("captured", null, false, false);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "eu-west-1, aws, iam.amazonaws.com, us-east-1",
    "cn-north-1, aws-cn, iam.cn-north-1.amazonaws.com.cn, cn-north-1",
    "cn-northwest-1, aws-cn, iam.cn-north-1.amazonaws.com.cn, cn-north-1",
    "us-gov-west-1, aws-us-gov, iam.us-gov.amazonaws.com, us-gov-west-1",
    "us-gov-east-1, aws-us-gov, iam.us-gov.amazonaws.com, us-gov-west-1"
  })
  void iamGoesToThePartitionsGlobalEndpointSignedForItsRegion(
      String region, String partition, String host, String signingRegion) {
    AtomicReference<SdkHttpRequest> sent = new AtomicReference<>();
    ExecutionInterceptor capture =
        new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(
              Context.BeforeTransmission context, ExecutionAttributes attributes) {
            sent.set(context.httpRequest());
            throw new Captured();
          }
        };
    Partition p = Partition.of(region).orElseThrow();
    try (AwsClients clients =
        new AwsClients(
            AwsClients.Settings.defaults("test")
                .withCredentials(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "s")))
                .withInterceptors(List.of(capture)))) {
      assertThatThrownBy(() -> clients.iam(p).getRole(r -> r.roleName("x")))
          .isInstanceOf(Captured.class);
    }

    assertThat(p.id()).isEqualTo(partition);
    assertThat(sent.get().host()).isEqualTo(host);
    assertThat(sent.get().firstMatchingHeader("Authorization").orElseThrow())
        .contains("/" + signingRegion + "/iam/aws4_request");
  }

  @Test
  void arnsAreBuiltWithThePartitionAndFipsIsTheDefaultOnlyInGovCloud() {
    assertThat(Partition.AWS_CN.arn("ecs", "cn-north-1", "123456789012", "capacity-provider/x"))
        .isEqualTo("arn:aws-cn:ecs:cn-north-1:123456789012:capacity-provider/x");
    assertThat(Partition.AWS_US_GOV.fipsByDefault()).isTrue();
    assertThat(Partition.AWS.fipsByDefault()).isFalse();
    assertThat(Partition.AWS_CN.fipsByDefault()).isFalse();
  }

  @Test
  void aRegionOfAnotherPartitionIsNotSupported() {
    assertThat(Partition.of("us-iso-east-1")).isEmpty();
    assertThat(Partition.of("us-isob-east-1")).isEmpty();
  }
}
