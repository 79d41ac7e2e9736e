package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeletionTaskStatusType;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Cross-checks the emulator's IAM against moto, an independent implementation: the same SDK calls
 * must see the same outcomes from both where both implement the behaviour. Where moto departs from
 * AWS's documentation, the emulator follows AWS; {@link
 * #motoDepartsFromAwsWhereTheEmulatorFollowsAws} pins each such difference so a change on either
 * side is noticed.
 */
class IamMotoCrossCheckIT {

  private static final String SERVICE = "ecs-compute.amazonaws.com";

  private static MotoServer moto;
  private static AwsEmulator emulator;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    emulator = AwsEmulator.start();
  }

  @AfterAll
  static void stop() {
    if (moto != null) {
      moto.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  /** One observable outcome of a call: success with a summary, or the error code and status. */
  private record Outcome(String value) {
    static Outcome of(Supplier<String> call) {
      try {
        return new Outcome("ok " + call.get());
      } catch (AwsServiceException e) {
        return new Outcome("error " + e.awsErrorDetails().errorCode() + " " + e.statusCode());
      }
    }
  }

  /** The role lifecycle both implement, run the same way against one endpoint. */
  private static List<Outcome> roleLifecycle(URI endpoint) {
    List<Outcome> outcomes = new ArrayList<>();
    try (IamClient iam = Sdk.iam(endpoint)) {
      outcomes.add(
          Outcome.of(
              () -> iam.getRole(r -> r.roleName("AWSServiceRoleForECSCompute")).role().arn()));
      Role created =
          iam.createServiceLinkedRole(r -> r.awsServiceName(SERVICE).description("x")).role();
      outcomes.add(new Outcome("created " + shape(created)));
      outcomes.add(
          Outcome.of(() -> shape(iam.getRole(r -> r.roleName(created.roleName())).role())));
      outcomes.add(
          Outcome.of(() -> iam.createServiceLinkedRole(r -> r.awsServiceName(SERVICE)).role().arn())
                  .value()
                  .startsWith("error ")
              ? new Outcome("second create refused")
              : new Outcome("second create accepted"));
      String task =
          iam.deleteServiceLinkedRole(r -> r.roleName(created.roleName())).deletionTaskId();
      outcomes.add(new Outcome("task id present: " + !task.isEmpty()));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  iam.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId(task)).status()
                      == DeletionTaskStatusType.SUCCEEDED);
      outcomes.add(new Outcome("deletion SUCCEEDED"));
      outcomes.add(Outcome.of(() -> iam.getRole(r -> r.roleName(created.roleName())).role().arn()));
      outcomes.add(
          Outcome.of(
              () ->
                  iam.deleteServiceLinkedRole(r -> r.roleName(created.roleName()))
                      .deletionTaskId()));
    }
    return outcomes;
  }

  /** What a caller relies on: path, the ARN built from path and name, trust and session length. */
  private static String shape(Role role) {
    String trust = URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8);
    boolean arnFromPathAndName =
        role.arn().equals("arn:aws:iam::123456789012:role" + role.path() + role.roleName());
    return "path="
        + role.path()
        + " arnFromPathAndName="
        + arnFromPathAndName
        + " trusts="
        + trust.contains(SERVICE)
        + " maxSession="
        + role.maxSessionDuration();
  }

  @Test
  void theRoleLifecycleHasTheSameOutcomesOnBoth() {
    List<Outcome> fromMoto = roleLifecycle(moto.endpoint());
    List<Outcome> fromEmulator = roleLifecycle(emulator.endpoint());

    assertThat(fromEmulator).isEqualTo(fromMoto);
    assertThat(fromEmulator)
        .extracting(Outcome::value)
        .containsExactly(
            "error NoSuchEntity 404",
            "created path=/aws-service-role/ecs-compute.amazonaws.com/ arnFromPathAndName=true trusts=true maxSession=3600",
            "ok path=/aws-service-role/ecs-compute.amazonaws.com/ arnFromPathAndName=true trusts=true maxSession=3600",
            "second create refused",
            "task id present: true",
            "deletion SUCCEEDED",
            "error NoSuchEntity 404",
            "error NoSuchEntity 404");
  }

  @Test
  void motoDepartsFromAwsWhereTheEmulatorFollowsAws() {
    try (IamClient onMoto = Sdk.iam(moto.endpoint());
        IamClient onEmulator = Sdk.iam(emulator.endpoint())) {
      // The role's name: AWS documents AWSServiceRoleForECSCompute; moto derives one from the
      // service principal.
      String motoName =
          onMoto.createServiceLinkedRole(r -> r.awsServiceName(SERVICE)).role().roleName();
      String emulatorName =
          onEmulator.createServiceLinkedRole(r -> r.awsServiceName(SERVICE)).role().roleName();
      assertThat(motoName).isEqualTo("AWSServiceRoleForecs-compute");
      assertThat(emulatorName).isEqualTo("AWSServiceRoleForECSCompute");

      // A second create: AWS answers InvalidInput (400) "... has been taken in this account";
      // moto EntityAlreadyExists (409).
      assertThat(
              Outcome.of(
                  () ->
                      onMoto.createServiceLinkedRole(r -> r.awsServiceName(SERVICE)).role().arn()))
          .isEqualTo(new Outcome("error EntityAlreadyExists 409"));
      assertThat(
              Outcome.of(
                  () ->
                      onEmulator
                          .createServiceLinkedRole(r -> r.awsServiceName(SERVICE))
                          .role()
                          .arn()))
          .isEqualTo(new Outcome("error InvalidInput 400"));

      // Custom suffixes: ecs-compute does not support them on AWS; moto accepts any.
      assertThat(
              Outcome.of(
                  () ->
                      onMoto
                          .createServiceLinkedRole(r -> r.awsServiceName(SERVICE).customSuffix("s"))
                          .role()
                          .roleName()))
          .isEqualTo(new Outcome("ok AWSServiceRoleForecs-compute_s"));
      assertThat(
              Outcome.of(
                  () ->
                      onEmulator
                          .createServiceLinkedRole(r -> r.awsServiceName(SERVICE).customSuffix("s"))
                          .role()
                          .roleName()))
          .isEqualTo(new Outcome("error InvalidInput 400"));

      // Deletion: AWS runs an asynchronous task with an id
      // task/aws-service-role/<service>/<role>/<uuid>;
      // moto deletes at once, answers a bare UUID, and reports SUCCEEDED for any task id.
      String motoTask = onMoto.deleteServiceLinkedRole(r -> r.roleName(motoName)).deletionTaskId();
      String emulatorTask =
          onEmulator.deleteServiceLinkedRole(r -> r.roleName(emulatorName)).deletionTaskId();
      assertThat(motoTask).matches("[0-9a-f-]{36}");
      assertThat(emulatorTask)
          .startsWith(
              "task/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute/");
      assertThat(
              Outcome.of(
                  () ->
                      onMoto
                          .getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId("garbage"))
                          .statusAsString()))
          .isEqualTo(new Outcome("ok SUCCEEDED"));
      assertThat(
              Outcome.of(
                  () ->
                      onEmulator
                          .getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId("garbage"))
                          .statusAsString()))
          .isEqualTo(new Outcome("error InvalidInput 400"));
    }
  }
}
