package io.ecsmi.operator.reconciler;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CreateCapacityProviderRequest;

/** AWS as someone other than the operator sees it: for changes behind the operator's back. */
final class SdkClients {

  private SdkClients() {}

  static EcsClient ecs(URI endpoint) {
    return ecs(endpoint, "us-east-1");
  }

  static EcsClient ecs(URI endpoint, String region) {
    return EcsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDOTHER", "secret")))
        .build();
  }

  /** A Managed Instances provider named {@code name} in cluster prod, without ownership tags. */
  static CreateCapacityProviderRequest provider(String name) {
    return CreateCapacityProviderRequest.builder()
        .name(name)
        .cluster("prod")
        .managedInstancesProvider(
            m ->
                m.infrastructureRoleArn("arn:aws:iam::123456789012:role/ecsInfrastructureRole")
                    .instanceLaunchTemplate(
                        t ->
                            t.ec2InstanceProfileArn(
                                    "arn:aws:iam::123456789012:instance-profile/ecsInstanceRole")
                                .networkConfiguration(n -> n.subnets("subnet-0a1b2c3d"))))
        .build();
  }
}
