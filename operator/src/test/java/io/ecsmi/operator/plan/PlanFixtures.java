package io.ecsmi.operator.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmi.emulator.JsonMergePatch;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.aws.AwsFailure;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.Ownership;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator.RoleState;
import io.ecsmi.operator.aws.SpecMapper;
import io.ecsmi.operator.config.OperatorConfig;
import io.ecsmi.operator.testing.Samples;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builders for planner tables: a desired spec from a sample, what ECS reports, the role, and a
 * one-line summary of a plan to compare against.
 */
final class PlanFixtures {

  static final String ARN = "arn:aws:ecs:us-east-1:123456789012:capacity-provider/general";
  static final String ROLE_ARN =
      "arn:aws:iam::123456789012:role/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute";
  static final RoleState READY = new RoleState.Ready(ROLE_ARN);
  static final RoleState CREATED =
      new RoleState.Pending(
          "WaitingForIam",
          "created the AWSServiceRoleForECSCompute role; waiting for IAM to make it visible",
          Duration.ofMillis(500),
          true,
          "AWSServiceRoleForECSCompute");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final OperatorConfig CONFIG = OperatorConfig.defaults("us-east-1");

  private PlanFixtures() {}

  /** The sample (changed by a JSON merge patch of the whole resource) as the operator reads it. */
  static Desired desired(String sample, String mergePatch) {
    CapacityProvider cp = Samples.load(sample);
    cp.getMetadata().setName("general");
    cp.getMetadata().setNamespace("platform");
    cp.getMetadata().setUid("uid-1");
    if (mergePatch != null) {
      JsonNode json = SERIALIZATION.convertValue(cp, JsonNode.class);
      cp =
          SERIALIZATION.convertValue(
              JsonMergePatch.apply(json, SERIALIZATION.unmarshal(mergePatch, JsonNode.class)),
              CapacityProvider.class);
    }
    return Desired.of(cp, CONFIG);
  }

  static Desired desired(String sample) {
    return desired(sample, null);
  }

  /** What ECS reports for {@code d} as created by it: the spec, ACTIVE, owned by this resource. */
  static ObservedProvider asCreated(Desired d) {
    return observed(d, null, "ACTIVE", "CREATE_COMPLETE", d.provider().tags());
  }

  /**
   * What ECS reports: {@code d}'s configuration (with ECS's materialised capacityOptionType)
   * changed by a JSON merge patch on {@code managedInstancesProvider}.
   */
  static ObservedProvider observed(
      Desired d, String configPatch, String status, String updateStatus, Map<String, String> tags) {
    ObjectNode config = SpecMapper.json(d.provider().configuration());
    ObjectNode template = (ObjectNode) config.get("instanceLaunchTemplate");
    if (!template.has("capacityOptionType")) {
      template.put("capacityOptionType", "ON_DEMAND"); // as ECS reports it (Terraform's tests)
    }
    JsonNode patched =
        configPatch == null
            ? config
            : JsonMergePatch.apply(config, SERIALIZATION.unmarshal(configPatch, JsonNode.class));
    return new ObservedProvider(
        ARN, d.key().name(), d.key().cluster(), status, updateStatus, null, patched, tags);
  }

  static ObservedProvider withConfig(Desired d, String configPatch) {
    return observed(d, configPatch, "ACTIVE", "UPDATE_COMPLETE", d.provider().tags());
  }

  static Map<String, String> foreignTags() {
    return new Ownership("other-cluster", "team/other", "uid-9").tags();
  }

  static Map<String, String> earlierIncarnation(Desired d) {
    Map<String, String> tags = new HashMap<>(d.provider().tags());
    tags.put(Ownership.UID_TAG, "uid-0");
    return tags;
  }

  static AwsFailure failure(AwsFailure.Kind kind, String operation, String code, String message) {
    return new AwsFailure(kind, operation, code, message, null);
  }

  /**
   * "actions=[Create:Created] outcome=RECONCILING/Creating pace=POLL notices=[...]": what a table
   * row expects of a plan, in one line.
   */
  static String summary(Plan plan) {
    String actions =
        plan.actions().stream()
            .map(
                a ->
                    a.getClass().getSimpleName()
                        + (a.done() == null ? "" : ":" + a.done().reason()))
            .collect(Collectors.joining(",", "[", "]"));
    String outcome =
        plan.outcome() == null ? "-" : plan.outcome().progress() + "/" + plan.outcome().reason();
    List<String> notices = plan.notices().stream().map(Notice::reason).toList();
    return "actions="
        + actions
        + " outcome="
        + outcome
        + " pace="
        + (plan.after().isPresent() ? "after " + plan.after().get().toMillis() + "ms" : plan.pace())
        + " notices="
        + notices
        + (plan.attempt().isPresent() ? " attempt=" + plan.attempt().get() : "")
        + (plan.finished() ? " finished" : "");
  }
}
