package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmi.emulator.CallLog;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.iam.Authorization;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.IamPolicies;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped IAM policy in use: the emulator enforces it on the operator's calls (as every IT
 * does), a whole lifecycle needs no permission it lacks and calls only operations of AWS's
 * authorization table, and a permission taken away fails the way AWS fails, with a status that says
 * what to grant.
 */
@ExtendWith(KubeApiServerExtension.class)
class IamPolicyIT {

  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aWholeLifecycleNeedsNothingThePolicyLacks(KubernetesClient client) {
    harness = OperatorHarness.start(client);
    // A provider made outside the operator, to adopt; the role is the operator's to create.
    harness.aws().configure(b -> b.requireRoleForCreate(false));
    try (var ecs = SdkClients.ecs(harness.aws().endpoint())) {
      ecs.createCapacityProvider(SdkClients.provider("legacy"));
    }
    harness.aws().configure(b -> b.requireRoleForCreate(true));
    harness.create(
        harness.sample("minimal.yaml", "general", "{\"spec\":{\"tags\":{\"team\":\"platform\"}}}"));
    harness.create(
        harness.sample(
            "retained-adopted.yaml",
            "legacy",
            "{\"spec\":{\"name\":\"legacy\",\"deletionPolicy\":\"Delete\",\"tags\":{\"team\":\"legacy\"}}}"));
    harness.awaitReady("general");
    harness.awaitReady("legacy");
    harness.patch(
        "general",
        "{\"spec\":{\"managedInstancesProvider\":{\"instanceLaunchTemplate\":{\"monitoring\":\"DETAILED\"}}}}");
    harness.awaitReady("general");
    harness.patch("general", "{\"spec\":{\"tags\":{\"team\":null,\"env\":\"prod\"}}}");
    harness.await(
        "general",
        "tags synced",
        cp ->
            harness.aws().provider("us-east-1", "general").orElseThrow().tags().containsKey("env")
                && !harness
                    .aws()
                    .provider("us-east-1", "general")
                    .orElseThrow()
                    .tags()
                    .containsKey("team"));
    harness.resource("general").delete();
    harness.resource("legacy").delete();
    harness.awaitGone("general");
    harness.awaitGone("legacy");

    var operatorCalls =
        harness.aws().calls().recent().stream()
            .filter(c -> c.caller().equals(OperatorHarness.ACCESS_KEY))
            .toList();
    assertThat(operatorCalls)
        .as("no call of the operator was denied")
        .noneMatch(c -> c.outcome().contains("AccessDenied"));
    Set<String> called =
        operatorCalls.stream()
            .map(IamPolicyIT::operation)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> inTheTable =
        Authorization.table().stream()
            .map(r -> (r.service() == Service.ECS ? "ecs:" : "iam:") + r.operation())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(inTheTable).containsAll(called);
    assertThat(called)
        .as("the lifecycle exercised every operation the operator uses")
        .contains(
            "ecs:CreateCapacityProvider",
            "ecs:UpdateCapacityProvider",
            "ecs:DeleteCapacityProvider",
            "ecs:DescribeCapacityProviders",
            "ecs:TagResource",
            "ecs:UntagResource",
            "iam:GetRole",
            "iam:CreateServiceLinkedRole",
            "iam:DeleteServiceLinkedRole",
            "iam:GetServiceLinkedRoleDeletionStatus");
  }

  @Test
  void aPermissionTakenAwayFailsAsAwsFailsAndTheStatusSaysWhatToGrant(KubernetesClient client)
      throws Exception {
    harness = OperatorHarness.start(client);
    harness.aws().seedRole();
    ObjectMapper json = new ObjectMapper();
    ObjectNode policy = (ObjectNode) json.readTree(IamPolicies.shipped("aws"));
    ArrayNode statements = (ArrayNode) policy.get("Statement");
    for (int i = statements.size() - 1; i >= 0; i--) {
      if (statements.get(i).path("Sid").asText().equals("PassTheInfrastructureRoleToEcs")) {
        statements.remove(i);
      }
    }
    harness.aws().attachPolicy(OperatorHarness.ACCESS_KEY, policy.toString());

    harness.create(harness.sample("minimal.yaml", "general"));

    CapacityProvider stalled =
        harness.awaitCondition("general", "Stalled", "True", "AccessDeniedException");
    assertThat(OperatorHarness.condition(stalled, "Stalled").message())
        .contains("is not authorized to perform: iam:PassRole")
        .contains(
            "grant iam:PassRole on arn:aws:iam::123456789012:role/ecsInfrastructureRole to the"
                + " operator's IAM role");
    assertThat(harness.aws().providers()).isEmpty();
    assertThat(
            harness
                .aws()
                .calls()
                .count(Service.ECS, "CreateCapacityProvider", "AccessDeniedException"))
        .isEqualTo(1);
  }

  private static String operation(CallLog.Call call) {
    return (call.service() == Service.ECS ? "ecs:" : "iam:") + call.operation();
  }
}
