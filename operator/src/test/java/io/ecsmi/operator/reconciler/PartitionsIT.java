package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.Behaviour;
import io.ecsmi.emulator.CallLog;
import io.ecsmi.emulator.Service;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator in each partition it supports: the IAM client of the region's partition (signed for
 * aws-global, aws-cn-global or aws-us-gov-global), ARNs of that partition, the service-linked role
 * of that partition's account, under the shipped policy rendered for it.
 */
@ExtendWith(KubeApiServerExtension.class)
class PartitionsIT {

  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
    "aws, eu-west-1, aws-global",
    "aws-cn, cn-north-1, aws-cn-global",
    "aws-us-gov, us-gov-west-1, aws-us-gov-global"
  })
  void createsAndDeletesInThePartitionOfTheRegion(
      String partition, String region, String iamScope, KubernetesClient client) {
    harness = OperatorHarness.start(client, region, Behaviour.instant(), c -> c, aws -> aws);
    String iam = "arn:" + partition + ":iam::123456789012:";
    harness.create(
        harness.sample(
            "minimal.yaml",
            "general",
            "{\"spec\":{\"managedInstancesProvider\":{\"infrastructureRoleArn\":\""
                + iam
                + "role/ecsInfrastructureRole\",\"instanceLaunchTemplate\":"
                + "{\"ec2InstanceProfileArn\":\""
                + iam
                + "instance-profile/ecsInstanceRole\"}}}}"));

    CapacityProvider ready = harness.awaitReady("general");

    assertThat(ready.getStatus().capacityProviderArn())
        .isEqualTo(
            "arn:" + partition + ":ecs:" + region + ":123456789012:capacity-provider/general");
    assertThat(ready.getStatus().serviceLinkedRoleArn())
        .isEqualTo(
            iam + "role/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute");
    assertThat(harness.aws().role(partition)).isPresent();
    for (String other : List.of("aws", "aws-cn", "aws-us-gov")) {
      if (!other.equals(partition)) {
        assertThat(harness.aws().role(other)).as("no role in %s", other).isEmpty();
      }
    }
    List<CallLog.Call> iamCalls =
        harness.aws().calls().recent().stream().filter(c -> c.service() == Service.IAM).toList();
    assertThat(iamCalls).isNotEmpty().allSatisfy(c -> assertThat(c.region()).isEqualTo(iamScope));
    assertThat(
            harness.aws().calls().recent().stream()
                .filter(c -> c.caller().equals(OperatorHarness.ACCESS_KEY)))
        .noneMatch(c -> c.outcome().contains("AccessDenied"));

    harness.resource("general").delete();

    harness.awaitGone("general");
    assertThat(harness.aws().role(partition)).isEmpty();
    harness.awaitEvents("general", "ServiceLinkedRoleDeleted");
  }
}
