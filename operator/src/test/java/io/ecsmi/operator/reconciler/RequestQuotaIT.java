package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmi.emulator.CallLog;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.faults.Faults;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.IamPolicies;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ECS holds Create/Update/DeleteCapacityProvider to one bucket of 10, refilled at 1 per second, per
 * account and Region (ECS API Reference, request throttling); the emulator throttles with that
 * quota. A burst of resources is spaced to it instead of being throttled and retried.
 */
@ExtendWith(KubeApiServerExtension.class)
class RequestQuotaIT {

  private static final int RESOURCES = 12;
  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aBurstOfResourcesIsSpacedToEcssQuotaAndNeverThrottled(KubernetesClient client) {
    start(client);
    List<String> names = IntStream.range(0, RESOURCES).mapToObj(i -> "burst-" + i).toList();

    names.forEach(name -> harness.create(harness.sample("minimal.yaml", name)));

    CapacityProvider waiting =
        Awaitility.await("a resource waiting for its slot")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () ->
                    names.stream()
                        .map(harness::get)
                        .filter(cp -> cp != null && cp.getStatus() != null)
                        .filter(
                            cp ->
                                "WaitingForRequestQuota"
                                    .equals(OperatorHarness.condition(cp, "Reconciling").reason()))
                        .findFirst()
                        .orElse(null),
                cp -> cp != null);
    assertThat(OperatorHarness.condition(waiting, "Reconciling").message())
        .contains("CreateCapacityProvider of")
        .contains("goes out in")
        .contains(
            "ECS allows 1 capacity provider modify call per second per account and Region"
                + " (bursts of 10)");
    names.forEach(harness::awaitReady);
    CallLog calls = harness.aws().calls();
    assertThat(calls.count(Service.ECS, "CreateCapacityProvider")).isEqualTo(RESOURCES);
    assertThat(calls.count(Service.ECS, "CreateCapacityProvider", "ThrottlingException")).isZero();

    names.forEach(name -> harness.resource(name).delete());
    Awaitility.await("all deleted")
        .atMost(Duration.ofSeconds(60))
        .until(() -> names.stream().allMatch(name -> harness.get(name) == null));
    assertThat(calls.count(Service.ECS, "DeleteCapacityProvider")).isEqualTo(RESOURCES);
    assertThat(calls.count(Service.ECS, "DeleteCapacityProvider", "ThrottlingException")).isZero();
  }

  /**
   * Creates the operator is denied, queued behind the quota: each goes Stalled with AWS's answer
   * after one attempt. (A write at its reserved slot goes out on another reconcile's look; a
   * refusal on such a look was taken for a stale look and retried for ever, never Stalled.)
   */
  @Test
  void aWriteRefusedForGoodAtItsSlotIsStalledNotRetried(KubernetesClient client) throws Exception {
    start(client);
    ObjectNode policy = (ObjectNode) JSON.readTree(IamPolicies.shipped("aws"));
    ObjectNode deny = policy.withArray("Statement").addObject();
    deny.put("Effect", "Deny").put("Action", "ecs:CreateCapacityProvider").put("Resource", "*");
    harness.aws().attachPolicy(OperatorHarness.ACCESS_KEY, policy.toString());
    List<String> names = IntStream.range(0, RESOURCES).mapToObj(i -> "denied-" + i).toList();

    names.forEach(name -> harness.create(harness.sample("minimal.yaml", name)));

    names.forEach(
        name ->
            assertThat(
                    OperatorHarness.condition(
                            harness.awaitCondition(
                                name, "Stalled", "True", "AccessDeniedException"),
                            "Stalled")
                        .message())
                .contains("is not authorized to perform: ecs:CreateCapacityProvider"));
    long creates = harness.aws().calls().count(Service.ECS, "CreateCapacityProvider");
    Awaitility.await("no create retried before the Stalled wait")
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.aws().calls().count(Service.ECS, "CreateCapacityProvider") == creates);
    assertThat(creates).as("one attempt each").isEqualTo(RESOURCES);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The operator against ECS's capacity provider modify quota: 10 at once, 1 a second after. */
  private void start(KubernetesClient client) {
    harness = OperatorHarness.start(client);
    harness.aws().seedRole();
    harness
        .aws()
        .faults()
        .rateLimit(
            Service.ECS,
            Faults.ANY,
            "capacity provider modify",
            List.of("CreateCapacityProvider", "UpdateCapacityProvider", "DeleteCapacityProvider"),
            1,
            10);
  }
}
