package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.AwsError;
import io.ecsmi.emulator.Behaviour;
import io.ecsmi.emulator.Behaviour.OmittedOnUpdate;
import io.ecsmi.emulator.Service;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The operator on AWS's terms, end to end: each test is one of the defects of issue #10 (the
 * operator against the real API server and the emulator), so it fails on the operator before the
 * planner and passes after.
 */
@ExtendWith(KubeApiServerExtension.class)
class AwsSemanticsIT {

  private static final String DETAILED =
      "{\"spec\":{\"managedInstancesProvider\":{\"instanceLaunchTemplate\":"
          + "{\"monitoring\":\"DETAILED\"}}}}";

  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private String awsValue(String name, String pointer) {
    return harness
        .aws()
        .provider("us-east-1", name)
        .orElseThrow()
        .managedInstancesProvider()
        .at(pointer)
        .asText();
  }

  @ParameterizedTest(name = "spec {0}, AWS {1}")
  @CsvSource({"minimal.yaml, SPOT, ON_DEMAND", "spot.yaml, ON_DEMAND, SPOT"})
  void defect1_aCreateOnlyDifferenceIsAConflictForAHumanNotAnEndlessUpdate(
      String sample, String inAws, String inSpec, KubernetesClient client) {
    harness =
        OperatorHarness.start(
            client, Behaviour.instant(), c -> c.resyncInterval(Duration.ofSeconds(1)));
    harness.aws().seedRole();
    try (var ecs = SdkClients.ecs(harness.aws().endpoint())) {
      ecs.createCapacityProvider(
          SdkClients.provider("general").toBuilder()
              .managedInstancesProvider(
                  m ->
                      m.infrastructureRoleArn(
                              "arn:aws:iam::123456789012:role/ecsInfrastructureRole")
                          .instanceLaunchTemplate(
                              t ->
                                  t.ec2InstanceProfileArn(
                                          "arn:aws:iam::123456789012:instance-profile/ecsInstanceRole")
                                      .capacityOptionType(inAws)
                                      .networkConfiguration(n -> n.subnets("subnet-0a1b2c3d"))))
              .build());
    }

    harness.create(
        harness.sample(sample, "general", "{\"spec\":{\"adoptionPolicy\":\"AdoptExisting\"}}"));

    CapacityProvider stalled =
        harness.awaitCondition("general", "Stalled", "True", "ImmutableInAws");
    assertThat(OperatorHarness.condition(stalled, "Stalled").message())
        .contains(
            "managedInstancesProvider.instanceLaunchTemplate.capacityOptionType: spec "
                + inSpec
                + ", AWS "
                + inAws)
        .contains("deletionPolicy: Delete");
    harness.awaitEvent("general", "ImmutableInAws");
    Awaitility.await("no update, no adoption, over several resyncs")
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(
            () ->
                harness.aws().calls().count(Service.ECS, "UpdateCapacityProvider") == 0
                    && harness.aws().calls().count(Service.ECS, "TagResource") == 0);
    assertThat(harness.eventReasons("general")).doesNotContain("Updated", "DriftCorrected");
  }

  @ParameterizedTest(name = "ECS {0}s omitted members")
  @EnumSource(OmittedOnUpdate.class)
  void defect2_aMemberRemovedFromTheSpecRevertsToItsDocumentedDefault(
      OmittedOnUpdate ecs, KubernetesClient client) {
    harness =
        OperatorHarness.start(
            client, Behaviour.instant().toBuilder().omittedOnUpdate(ecs).build(), c -> c);
    harness.create(harness.sample("minimal.yaml", "general", DETAILED));
    harness.awaitReady("general");
    assertThat(awsValue("general", "/instanceLaunchTemplate/monitoring")).isEqualTo("DETAILED");

    harness.patch(
        "general",
        "{\"spec\":{\"managedInstancesProvider\":{\"instanceLaunchTemplate\":"
            + "{\"monitoring\":null}}}}");

    harness.awaitReady("general");
    assertThat(awsValue("general", "/instanceLaunchTemplate/monitoring"))
        .as("ECS API Reference: basic monitoring is the default")
        .isEqualTo("BASIC");
    assertThat(harness.aws().calls().count(Service.ECS, "UpdateCapacityProvider")).isEqualTo(1);
  }

  @ParameterizedTest(name = "ECS {0}s omitted members")
  @EnumSource(OmittedOnUpdate.class)
  void defect2_anEditedSpecIsAppliedAsAWholeAndNeverLoops(
      OmittedOnUpdate ecs, KubernetesClient client) {
    harness =
        OperatorHarness.start(
            client,
            Behaviour.instant().toBuilder().omittedOnUpdate(ecs).build(),
            c -> c.resyncInterval(Duration.ofSeconds(1)));
    harness.create(
        harness.sample(
            "minimal.yaml",
            "general",
            "{\"spec\":{\"managedInstancesProvider\":{\"instanceLaunchTemplate\":"
                + "{\"storageConfiguration\":{\"storageSizeGiB\":100}}}}}"));
    harness.awaitReady("general");

    harness.patch(
        "general",
        "{\"spec\":{\"managedInstancesProvider\":{\"instanceLaunchTemplate\":"
            + "{\"storageConfiguration\":null}}}}");

    CapacityProvider ready = harness.awaitReady("general");
    String storage =
        awsValue("general", "/instanceLaunchTemplate/storageConfiguration/storageSizeGiB");
    String synced = OperatorHarness.condition(ready, "CapacityProviderSynced").message();
    if (ecs == OmittedOnUpdate.RESET) {
      assertThat(storage).as("the update left it out, ECS reset it").isEmpty();
      assertThat(synced).doesNotContain("storageConfiguration");
    } else {
      assertThat(storage).as("ECS kept what the update left out").isEqualTo("100");
      assertThat(synced)
          .contains("ECS also holds members the spec does not set")
          .contains("storageConfiguration");
    }
    Awaitility.await("one update for the edit, none over several resyncs")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.aws().calls().count(Service.ECS, "UpdateCapacityProvider") == 1);
  }

  @Test
  void defect6_theStatusAfterAnUpdateComesFromAFreshReadNotTheUpdatesAnswer(
      KubernetesClient client) {
    harness =
        OperatorHarness.start(
            client, Behaviour.instant().toBuilder().staleUpdateResponses(true).build(), c -> c);
    harness.create(harness.sample("minimal.yaml", "general"));
    harness.awaitReady("general");

    harness.patch("general", DETAILED);

    CapacityProvider ready = harness.awaitReady("general");
    assertThat(ready.getStatus().updateStatus())
        .as("the update answered CREATE_COMPLETE (stale); ECS holds UPDATE_COMPLETE")
        .isEqualTo("UPDATE_COMPLETE");
    assertThat(awsValue("general", "/instanceLaunchTemplate/monitoring")).isEqualTo("DETAILED");
  }

  @Test
  void defect6_anUpdateTheReadDoesNotShowYetIsNotReported(KubernetesClient client) {
    harness =
        OperatorHarness.start(
            client,
            Behaviour.instant().toBuilder()
                .staleUpdateResponses(true)
                .updateDelay(Duration.ofSeconds(2))
                .build(),
            c -> c);
    harness.create(harness.sample("minimal.yaml", "general"));
    harness.awaitReady("general");

    harness.patch("general", DETAILED);

    CapacityProvider updating =
        harness.awaitCondition("general", "Reconciling", "True", "Updating");
    assertThat(updating.getStatus().updateStatus()).isEqualTo("UPDATE_IN_PROGRESS");
    assertThat(harness.awaitReady("general").getStatus().updateStatus())
        .isEqualTo("UPDATE_COMPLETE");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "InvalidParameterException|Error retrieving subnet information for [subnet-0a1b2c3d]:"
            + " The subnet ID 'subnet-0a1b2c3d' does not exist (ErrorCode:"
            + " InvalidSubnetID.NotFound)",
        "ClientException|The infrastructure role"
            + " arn:aws:iam::123456789012:role/ecsInfrastructureRole does not exist."
      })
  void defect3_aMissingSubnetOrRoleStallsWithTheAwsMessage(String answer, KubernetesClient client) {
    String[] parts = answer.split("\\|");
    harness = OperatorHarness.start(client);
    harness.aws().seedRole();
    harness
        .aws()
        .faults()
        .failNext(Service.ECS, "CreateCapacityProvider", 100, AwsError.ecs(parts[0], parts[1]));

    harness.create(harness.sample("minimal.yaml", "general"));

    CapacityProvider stalled = harness.awaitCondition("general", "Stalled", "True", parts[0]);
    assertThat(OperatorHarness.condition(stalled, "Stalled").message()).contains(parts[1]);
    assertThat(OperatorHarness.condition(stalled, "Reconciling").status()).isEqualTo("False");
    long creates = harness.aws().calls().count(Service.ECS, "CreateCapacityProvider");
    Awaitility.await("a slow requeue, not a retry loop")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.aws().calls().count(Service.ECS, "CreateCapacityProvider") == creates);
    assertThat(creates).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Cluster not found.", "The specified cluster does not exist."})
  void defect3_aClusterEcsCannotFindNeverLetsTheFinalizerGo(
      String message, KubernetesClient client) {
    harness = OperatorHarness.start(client);
    harness.create(harness.sample("minimal.yaml", "general"));
    harness.awaitReady("general");
    harness
        .aws()
        .faults()
        .failNext(
            Service.ECS,
            "DescribeCapacityProviders",
            1000,
            AwsError.ecs("ClusterNotFoundException", message));

    harness.resource("general").delete();

    CapacityProvider stalled =
        harness.awaitCondition("general", "Stalled", "True", "ClusterNotFound");
    assertThat(OperatorHarness.condition(stalled, "Stalled").message())
        .contains(message)
        .contains("deletionPolicy: Retain");
    assertThat(stalled.getMetadata().getFinalizers()).containsExactly("ecsmi.io/cleanup");
    assertThat(harness.aws().calls().count(Service.IAM, "DeleteServiceLinkedRole")).isZero();
    assertThat(harness.aws().provider("us-east-1", "general").orElseThrow().status())
        .isEqualTo("ACTIVE");

    // The way out the message names: Retain lets the resource go without deleting anything.
    harness.patch("general", "{\"spec\":{\"deletionPolicy\":\"Retain\"}}");
    harness.awaitGone("general");
  }

  @Test
  void defect4_aValueThisOperatorDoesNotKnowAffectsOnlyItsOwnResource(KubernetesClient client) {
    harness =
        OperatorHarness.start(
            client, Behaviour.instant(), c -> c.resyncInterval(Duration.ofSeconds(1)));
    harness.create(harness.sample("minimal.yaml", "odd"));
    harness.create(harness.sample("minimal.yaml", "plain", DETAILED));
    harness.awaitReady("odd");
    harness.awaitReady("plain");

    // ECS reports a monitoring value this operator version does not know for one provider, and
    // someone changes the other behind the operator's back: one scan describes both.
    harness
        .aws()
        .driftConfiguration(
            "us-east-1", "odd", "{\"instanceLaunchTemplate\":{\"monitoring\":\"ENHANCED\"}}");
    harness
        .aws()
        .driftConfiguration(
            "us-east-1", "plain", "{\"instanceLaunchTemplate\":{\"monitoring\":\"BASIC\"}}");

    harness.awaitEvent("plain", "DriftCorrected");
    harness.await(
        "plain",
        "monitoring back to DETAILED",
        cp -> "DETAILED".equals(awsValue("plain", "/instanceLaunchTemplate/monitoring")));
    harness.awaitEvent("odd", "DriftCorrected");
    assertThat(harness.events("odd"))
        .anySatisfy(
            e -> assertThat(e.getMessage()).contains("monitoring: spec BASIC, AWS ENHANCED"));
    harness.awaitReady("odd");
  }

  @Test
  void defect5_aBugOfTheOperatorIsAnInternalErrorNotAnEndlessAwsRetry(KubernetesClient client) {
    AtomicInteger describes = new AtomicInteger();
    ExecutionInterceptor bug =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            if ("DescribeCapacityProviders"
                .equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
              describes.incrementAndGet();
              throw new IllegalStateException("a bug of the operator's own");
            }
          }
        };
    harness =
        OperatorHarness.start(
            client, Behaviour.instant(), c -> c, aws -> aws.withInterceptors(List.of(bug)));

    harness.create(harness.sample("minimal.yaml", "general"));

    CapacityProvider stalled =
        harness.awaitCondition("general", "Stalled", "True", "InternalError");
    assertThat(OperatorHarness.condition(stalled, "Stalled").message())
        .contains("IllegalStateException: a bug of the operator's own")
        .contains("please report it");
    harness.awaitEvent("general", "InternalError");
    assertThat(
            harness
                .registry()
                .get("ecsmi.internal.errors")
                .tag("operation", "DescribeCapacityProviders")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1);
    int seen = describes.get();
    Awaitility.await("bounded retries, not an AWS retry loop")
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(() -> describes.get() == seen);
  }
}
