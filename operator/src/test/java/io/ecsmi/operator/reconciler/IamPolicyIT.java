package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsmi.emulator.CallLog;
import io.ecsmi.emulator.Service;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.KubeVersions;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * config/iam/operator-policy.json grants exactly the AWS actions the operator calls: a whole
 * lifecycle (role created, provider created, updated, retagged, deleted, role deleted) runs against
 * the emulator, and its call log is compared with the policy.
 */
@ExtendWith(KubeApiServerExtension.class)
class IamPolicyIT {

  @Test
  void thePolicyAllowsEveryCallOfAWholeLifecycleAndNothingMore(KubernetesClient client)
      throws Exception {
    Set<String> called;
    try (OperatorHarness harness = OperatorHarness.start(client)) {
      harness.create(
          harness.sample(
              "minimal.yaml", "general", "{\"spec\":{\"tags\":{\"team\":\"platform\"}}}"));
      harness.awaitReady("general");
      harness.patch(
          "general",
          "{\"spec\":{\"managedInstancesProvider\":{\"instanceLaunchTemplate\":{\"monitoring\":\"DETAILED\"}}}}");
      harness.awaitReady("general");
      harness.patch("general", "{\"spec\":{\"tags\":{\"team\":null,\"env\":\"prod\"}}}");
      harness.await(
          "general",
          "tags synced",
          cp ->
              harness
                  .aws()
                  .provider("us-east-1", "general")
                  .orElseThrow()
                  .tags()
                  .containsKey("env"));
      harness.resource("general").delete();
      harness.awaitGone("general");
      called =
          harness.aws().calls().recent().stream()
              .filter(c -> c.caller().equals("AKIDTEST"))
              .map(IamPolicyIT::action)
              .collect(Collectors.toCollection(TreeSet::new));
    }

    JsonNode policy =
        new ObjectMapper()
            .readTree(
                KubeVersions.projectRoot().resolve("config/iam/operator-policy.json").toFile());
    Set<String> granted = new TreeSet<>();
    for (JsonNode statement : policy.path("Statement")) {
      JsonNode action = statement.path("Action");
      if (action.isArray()) {
        action.forEach(a -> granted.add(a.asText()));
      } else {
        granted.add(action.asText());
      }
      assertThat(statement.path("Resource").asText()).as("no wildcard resource").isNotEqualTo("*");
    }
    // PassRole is not an API call: CreateCapacityProvider needs it for the infrastructure role.
    assertThat(granted).contains("iam:PassRole");
    granted.remove("iam:PassRole");
    assertThat(called).isEqualTo(granted);
    assertThat(policy.toString())
        .contains("\"iam:PassedToService\":\"ecs.amazonaws.com\"")
        .contains("\"iam:AWSServiceName\":\"ecs-compute.amazonaws.com\"");
  }

  private static String action(CallLog.Call call) {
    return (call.service() == Service.ECS ? "ecs:" : "iam:") + call.operation();
  }
}
