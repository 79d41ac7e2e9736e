package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmi.emulator.faults.Chaos;
import io.ecsmi.emulator.faults.Faults;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ServerException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ServiceFailureException;

/** Throttling, server errors, dropped connections, rate limits, latency and call accounting. */
class FaultInjectionContractTest {

  private final AwsEmulator emulator = AwsEmulator.start();
  private final EcsClient ecs = Sdk.ecs(emulator.endpoint(), "us-east-1");
  private final IamClient iam = Sdk.iam(emulator.endpoint());

  {
    emulator.createCluster("us-east-1", "prod");
    emulator.seedRole();
  }

  @AfterEach
  void stop() {
    ecs.close();
    iam.close();
    emulator.close();
  }

  @Test
  void throttlingIsTheRealErrorOfEachService() {
    emulator.faults().chaos(Service.ECS, Faults.ANY, new Chaos(1, 0, 0));
    emulator.faults().chaos(Service.IAM, Faults.ANY, new Chaos(1, 0, 0));

    assertThatThrownBy(() -> ecs.describeCapacityProviders(d -> d.cluster("prod")))
        .isInstanceOfSatisfying(
            EcsException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.isThrottlingException()).isTrue();
            });
    assertThatThrownBy(() -> iam.getRole(r -> r.roleName("AWSServiceRoleForECSCompute")))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
              assertThat(e.isThrottlingException()).isTrue();
            });
  }

  @Test
  void theSdksRetriesGetThroughTransientThrottling() {
    emulator
        .faults()
        .failNext(Service.ECS, "DescribeCapacityProviders", 2, Faults.throttling(Service.ECS));

    try (EcsClient retrying = Sdk.ecs(emulator.endpoint(), "us-east-1", true)) {
      assertThat(retrying.describeCapacityProviders(d -> d.cluster("prod")).capacityProviders())
          .isEmpty();
    }

    assertThat(
            emulator.calls().count(Service.ECS, "DescribeCapacityProviders", "ThrottlingException"))
        .isEqualTo(2);
    assertThat(emulator.calls().count(Service.ECS, "DescribeCapacityProviders", CallLog.SUCCESS))
        .isEqualTo(1);
  }

  @Test
  void serverErrorsAreHttp500() {
    emulator.faults().chaos(Service.ECS, "DescribeCapacityProviders", new Chaos(0, 1, 0));
    emulator.faults().failNext(Service.IAM, "GetRole", 1, Faults.serverError(Service.IAM));

    assertThatThrownBy(() -> ecs.describeCapacityProviders(d -> d.cluster("prod")))
        .isInstanceOfSatisfying(
            ServerException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    assertThatThrownBy(() -> iam.getRole(r -> r.roleName("AWSServiceRoleForECSCompute")))
        .isInstanceOfSatisfying(
            ServiceFailureException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    assertThat(iam.getRole(r -> r.roleName("AWSServiceRoleForECSCompute")).role()).isNotNull();
  }

  @Test
  void aDroppedConnectionIsAClientSideIoFailure() {
    emulator.faults().chaos(Service.ECS, Faults.ANY, new Chaos(0, 0, 1));

    assertThatThrownBy(() -> ecs.describeCapacityProviders(d -> d.cluster("prod")))
        .isInstanceOf(SdkClientException.class);
    assertThat(
            emulator
                .calls()
                .count(Service.ECS, "DescribeCapacityProviders", CallLog.CONNECTION_RESET))
        .isEqualTo(1);
  }

  @Test
  void aLostResponseLeavesTheWriteDoneAndTheCallerWithoutAnAnswer() {
    emulator.faults().chaos(Service.ECS, "CreateCapacityProvider", new Chaos(0, 0, 0, 1));

    assertThatThrownBy(() -> ecs.createCapacityProvider(Providers.create("prod", "general")))
        .isInstanceOf(SdkClientException.class);
    assertThat(emulator.provider("us-east-1", "general")).as("created all the same").isPresent();
    assertThat(emulator.calls().count(Service.ECS, "CreateCapacityProvider", CallLog.RESPONSE_LOST))
        .isEqualTo(1);

    // Retried, the create meets what the lost call made: ECS's own answer, also lost.
    assertThatThrownBy(() -> ecs.createCapacityProvider(Providers.create("prod", "general")))
        .isInstanceOf(SdkClientException.class);
    assertThat(
            emulator
                .calls()
                .count(
                    Service.ECS,
                    "CreateCapacityProvider",
                    "ClientException+" + CallLog.RESPONSE_LOST))
        .isEqualTo(1);
  }

  @Test
  void latencySpikesSlowAShareOfTheCalls() {
    emulator.faults().latencySpikes(Service.ECS, 1, Duration.ofMillis(200), Duration.ofMillis(220));

    ecs.describeCapacityProviders(d -> d.cluster("prod"));
    iam.getRole(r -> r.roleName("AWSServiceRoleForECSCompute"));

    var latencies = emulator.calls().recent();
    assertThat(latencies.get(0).latency()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(latencies.get(1).latency())
        .as("IAM has no spikes")
        .isLessThan(Duration.ofMillis(200));
    assertThatThrownBy(
            () ->
                emulator
                    .faults()
                    .latencySpikes(Service.ECS, 1.5, Duration.ZERO, Duration.ofMillis(1)))
        .hasMessageContaining("between 0 and 1");
  }

  @Test
  void theNextCallsFailWithTheChosenErrorThenSucceed() {
    emulator
        .faults()
        .failNext(
            Service.ECS,
            Faults.ANY,
            2,
            AwsError.ecs("AccessDeniedException", "User is not authorized to perform ecs:x"));

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> ecs.describeCapacityProviders(d -> d.cluster("prod")))
          .isInstanceOfSatisfying(
              EcsException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    }
    ecs.describeCapacityProviders(d -> d.cluster("prod"));
  }

  @Test
  void aRateLimitPerRegionThrottlesCallsOverIt() {
    emulator.createCluster("eu-west-1", "prod");
    emulator.faults().rateLimit(Service.ECS, Faults.ANY, 0.001, 2);

    ecs.describeCapacityProviders(d -> d.cluster("prod"));
    ecs.describeCapacityProviders(d -> d.cluster("prod"));
    assertThatThrownBy(() -> ecs.describeCapacityProviders(d -> d.cluster("prod")))
        .isInstanceOfSatisfying(
            EcsException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    try (EcsClient eu = Sdk.ecs(emulator.endpoint(), "eu-west-1")) {
      eu.describeCapacityProviders(d -> d.cluster("prod"));
    }
    iam.getRole(r -> r.roleName("AWSServiceRoleForECSCompute"));
  }

  @Test
  void aGroupOfOperationsDrawsFromOneBucketAndOtherOperationsAreFree() {
    emulator
        .faults()
        .rateLimit(
            Service.ECS,
            Faults.ANY,
            "capacity-provider-modify",
            java.util.List.of("CreateCapacityProvider", "UpdateCapacityProvider"),
            0.001,
            1);

    ecs.createCapacityProvider(Providers.create("prod", "general"));
    assertThatThrownBy(() -> ecs.updateCapacityProvider(u -> u.name("general").cluster("prod")))
        .as("the same bucket as the create")
        .isInstanceOfSatisfying(
            EcsException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    for (int i = 0; i < 5; i++) {
      ecs.describeCapacityProviders(d -> d.cluster("prod"));
    }
  }

  @Test
  void aLatencyRangeGivesEachCallItsOwnDelayWithinIt() {
    emulator
        .faults()
        .latency(Service.ECS, Faults.ANY, Duration.ofMillis(30), Duration.ofMillis(80));

    for (int i = 0; i < 12; i++) {
      ecs.describeCapacityProviders(d -> d.cluster("prod"));
    }

    var latencies = emulator.calls().recent().stream().map(CallLog.Call::latency).toList();
    assertThat(latencies)
        .hasSize(12)
        .allSatisfy(l -> assertThat(l).isGreaterThanOrEqualTo(Duration.ofMillis(30)));
    Duration shortest = latencies.stream().min(Duration::compareTo).orElseThrow();
    Duration longest = latencies.stream().max(Duration::compareTo).orElseThrow();
    assertThat(longest.minus(shortest)).as("drawn, not fixed").isGreaterThan(Duration.ofMillis(10));
    assertThatThrownBy(
            () ->
                emulator
                    .faults()
                    .latency(Service.ECS, Faults.ANY, Duration.ofMillis(80), Duration.ofMillis(30)))
        .hasMessageContaining("below min");
  }

  @Test
  void latencyDelaysEveryAnswerOfTheOperation() {
    emulator.faults().latency(Service.IAM, "GetRole", Duration.ofMillis(150));

    iam.getRole(r -> r.roleName("AWSServiceRoleForECSCompute"));
    ecs.describeCapacityProviders(d -> d.cluster("prod"));

    var stats = emulator.calls().stats();
    assertThat(stats)
        .filteredOn(s -> s.operation().equals("GetRole"))
        .singleElement()
        .satisfies(s -> assertThat(s.meanLatency()).isGreaterThanOrEqualTo(Duration.ofMillis(150)));
    assertThat(stats)
        .filteredOn(s -> s.operation().equals("DescribeCapacityProviders"))
        .singleElement()
        .satisfies(s -> assertThat(s.meanLatency()).isLessThan(Duration.ofMillis(150)));
  }

  @Test
  void everyCallIsCountedByServiceOperationAndOutcome() {
    ecs.createCapacityProvider(Providers.create("prod", "general"));
    assertThatThrownBy(() -> ecs.createCapacityProvider(Providers.create("prod", "general")))
        .isInstanceOf(EcsException.class);
    iam.getRole(r -> r.roleName("AWSServiceRoleForECSCompute"));

    CallLog calls = emulator.calls();
    assertThat(calls.count(Service.ECS, "CreateCapacityProvider")).isEqualTo(2);
    assertThat(calls.count(Service.ECS, "CreateCapacityProvider", CallLog.SUCCESS)).isEqualTo(1);
    assertThat(calls.count(Service.ECS, "CreateCapacityProvider", "ClientException")).isEqualTo(1);
    assertThat(calls.count(Service.IAM)).isEqualTo(1);
    assertThat(calls.total()).isEqualTo(3);
    assertThat(calls.recent())
        .extracting(CallLog.Call::region)
        .as("each call's SigV4 scope region")
        .containsExactly("us-east-1", "us-east-1", "aws-global");
    assertThat(calls.countByCaller("AKIDEXAMPLE")).as("who signed").isEqualTo(3);
  }

  @Test
  void aCallIsInTheLogAsSoonAsItsAnswerArrives() {
    for (int i = 1; i <= 200; i++) {
      ecs.describeCapacityProviders(d -> d.cluster("prod"));
      assertThat(emulator.calls().count(Service.ECS)).as("ECS call %d", i).isEqualTo(i);
      iam.getRole(r -> r.roleName("AWSServiceRoleForECSCompute"));
      assertThat(emulator.calls().count(Service.IAM)).as("IAM call %d", i).isEqualTo(i);
    }
  }
}
