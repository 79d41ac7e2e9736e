package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsmi.emulator.Behaviour;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.ecs.ProviderFaults;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spec changes, failed updates, tags, and changes made outside Kubernetes. */
@ExtendWith(KubeApiServerExtension.class)
class UpdateAndDriftIT {

  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private CapacityProvider readyMinimal(
      KubernetesClient client, Behaviour behaviour, Duration resync) {
    harness = OperatorHarness.start(client, behaviour, c -> c.resyncInterval(resync));
    harness.aws().seedRole();
    harness.create(harness.sample("minimal.yaml", "general"));
    return harness.awaitReady("general");
  }

  private String monitoring() {
    return harness
        .aws()
        .provider("us-east-1", "general")
        .orElseThrow()
        .managedInstancesProvider()
        .path("instanceLaunchTemplate")
        .path("monitoring")
        .asText();
  }

  @Test
  void aSpecChangeIsUpdatedThroughUpdateInProgressToReady(KubernetesClient client) {
    readyMinimal(
        client,
        Behaviour.instant().toBuilder().updateDelay(Duration.ofSeconds(1)).build(),
        Duration.ofMinutes(5));

    harness.patch(
        "general",
        "{\"spec\":{\"managedInstancesProvider\":{\"instanceLaunchTemplate\":{\"monitoring\":\"DETAILED\"}}}}");

    CapacityProvider updating =
        harness.awaitCondition("general", "Reconciling", "True", "Updating");
    assertThat(updating.getStatus().updateStatus()).isEqualTo("UPDATE_IN_PROGRESS");
    CapacityProvider ready = harness.awaitReady("general");
    assertThat(ready.getStatus().updateStatus()).isEqualTo("UPDATE_COMPLETE");
    assertThat(ready.getStatus().observedGeneration()).isEqualTo(2L);
    assertThat(ready.getStatus().drift()).isNull();
    assertThat(monitoring()).isEqualTo("DETAILED");
    harness.awaitEvents("general", "Updated");
    assertThat(harness.aws().calls().count(Service.ECS, "UpdateCapacityProvider")).isEqualTo(1);
  }

  @Test
  void aFailedUpdateIsReportedAndRetriedWithBackoffUntilItSucceeds(KubernetesClient client) {
    readyMinimal(client, Behaviour.instant(), Duration.ofMinutes(5));
    harness
        .aws()
        .setProviderFaults(
            "us-east-1",
            "general",
            new ProviderFaults("Insufficient capacity in subnet-0a1b2c3d", null, false));

    harness.patch(
        "general",
        "{\"spec\":{\"managedInstancesProvider\":{\"instanceLaunchTemplate\":{\"monitoring\":\"DETAILED\"}}}}");

    CapacityProvider failed =
        harness.awaitCondition("general", "Reconciling", "True", "UpdateFailed");
    assertThat(failed.getStatus().updateStatus()).isEqualTo("UPDATE_FAILED");
    assertThat(failed.getStatus().updateStatusReason())
        .isEqualTo("Insufficient capacity in subnet-0a1b2c3d");
    harness.awaitEvent("general", "UpdateFailed");
    long updatesWhileFailing = harness.aws().calls().count(Service.ECS, "UpdateCapacityProvider");
    assertThat(updatesWhileFailing).as("backoff, not a hot loop").isLessThanOrEqualTo(3);

    harness.aws().setProviderFaults("us-east-1", "general", ProviderFaults.NONE);
    harness.await(
        "general",
        "Ready after the retry",
        cp -> OperatorHarness.hasCondition(cp, "Ready", "True"),
        Duration.ofSeconds(60));
    assertThat(monitoring()).isEqualTo("DETAILED");
  }

  @Test
  void driftIsFoundByTheScanAndCorrected(KubernetesClient client) {
    readyMinimal(client, Behaviour.instant(), Duration.ofSeconds(1));

    harness
        .aws()
        .driftConfiguration(
            "us-east-1",
            "general",
            "{\"instanceLaunchTemplate\":{\"networkConfiguration\":{\"subnets\":[\"subnet-rogue\"]}}}");

    CapacityProvider corrected =
        harness.await(
            "general",
            "drift corrected",
            cp ->
                cp.getStatus().drift() != null
                    && OperatorHarness.hasCondition(cp, "Ready", "True"));
    assertThat(corrected.getStatus().drift())
        .containsExactly(
            "managedInstancesProvider.instanceLaunchTemplate.networkConfiguration.subnets");
    assertThat(
            harness
                .aws()
                .provider("us-east-1", "general")
                .orElseThrow()
                .managedInstancesProvider()
                .path("instanceLaunchTemplate")
                .path("networkConfiguration")
                .path("subnets")
                .get(0)
                .asText())
        .isEqualTo("subnet-0a1b2c3d");
    harness.awaitEvents("general", "DriftCorrected");
    assertThat(harness.registry().get("ecsmi.drift.corrections").counter().count()).isEqualTo(1.0);
  }

  @Test
  void tagsFollowTheSpecAndTagDriftIsCorrected(KubernetesClient client) {
    readyMinimal(client, Behaviour.instant(), Duration.ofSeconds(1));

    harness.patch("general", "{\"spec\":{\"tags\":{\"team\":\"platform\",\"env\":\"prod\"}}}");
    harness.await("general", "tags applied", cp -> tags().containsKey("env"));
    harness.patch("general", "{\"spec\":{\"tags\":{\"env\":null}}}");
    harness.await(
        "general", "tag removed", cp -> !tags().containsKey("env") && tags().containsKey("team"));
    harness.awaitEvents("general", "Updated");

    Map<String, String> rogue = new HashMap<>();
    rogue.put("team", "someone-else");
    rogue.put("rogue", "1");
    harness.aws().driftTags("us-east-1", "general", rogue);

    harness.await(
        "general",
        "tag drift corrected",
        cp -> "platform".equals(tags().get("team")) && !tags().containsKey("rogue"));
    assertThat(tags()).containsKeys("ecsmi.io/uid", "ecsmi.io/owner", "ecsmi.io/owner-cluster");
    harness.awaitEvent("general", "DriftCorrected");
    assertThat(harness.aws().calls().count(Service.ECS, "UpdateCapacityProvider"))
        .as("tags need no update")
        .isZero();
  }

  private Map<String, String> tags() {
    return harness.aws().provider("us-east-1", "general").orElseThrow().tags();
  }

  @Test
  void aDriftScanThatStopsCompletingFailsReadinessUntilOneCompletes(KubernetesClient client) {
    readyMinimal(client, Behaviour.instant(), Duration.ofSeconds(1));
    assertThat(harness.runtime().readiness().ok()).isTrue();

    harness.aws().faults().latency(Service.ECS, "DescribeCapacityProviders", Duration.ofSeconds(8));
    var unready =
        await("/readyz fails three intervals after the last completed scan")
            .atMost(Duration.ofSeconds(20))
            .until(() -> harness.runtime().readiness(), health -> !health.ok());
    assertThat(unready.detail()).contains("drift scanner has not completed a scan");
    assertThat(harness.runtime().liveness().ok()).as("not a reason to restart").isTrue();

    harness.aws().faults().clear();
    await("ready again once a scan completes")
        .atMost(Duration.ofSeconds(30))
        .until(() -> harness.runtime().readiness().ok());
  }
}
