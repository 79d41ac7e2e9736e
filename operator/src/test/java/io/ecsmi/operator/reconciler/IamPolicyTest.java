package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.emulator.Partition;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.iam.Authorization;
import io.ecsmi.emulator.iam.Authorization.Check;
import io.ecsmi.emulator.iam.Authorization.Request;
import io.ecsmi.emulator.iam.Authorization.State;
import io.ecsmi.emulator.iam.PolicyEvaluator;
import io.ecsmi.operator.aws.Ownership;
import io.ecsmi.operator.aws.SpecMapper;
import io.ecsmi.operator.testing.IamPolicies;
import io.ecsmi.operator.testing.Samples;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code config/iam/operator-policy.json} against AWS's authorization table (the Service
 * Authorization Reference's rows, with the dependent checks ECS documents, in {@link
 * Authorization}): every request the operator makes, in every partition, is allowed, and every
 * statement is needed for one of them. The lifecycle under the policy is {@link IamPolicyIT}.
 */
class IamPolicyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = AwsEmulator.DEFAULT_ACCOUNT_ID;
  private static final Map<String, String> OWNERSHIP =
      new Ownership("kubernetes", "platform/general", "uid-1").tags();

  /** One request of the operator, as it goes out, and what AWS knows when it authorizes it. */
  record Call(String what, Service service, String operation, Request request) {
    @Override
    public String toString() {
      return what;
    }
  }

  private static String region(Partition partition) {
    return switch (partition) {
      case AWS -> "eu-west-1";
      case AWS_CN -> "cn-north-1";
      case AWS_US_GOV -> "us-gov-west-1";
    };
  }

  /** Every kind of call the operator makes, in {@code partition}. */
  static List<Call> calls(Partition partition) {
    String region = region(partition);
    String arn = partition.arn("ecs", region, ACCOUNT, "capacity-provider/general");
    String role =
        partition.arn(
            "iam",
            "",
            ACCOUNT,
            "role/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute");
    State owned = state(Map.of(arn, OWNERSHIP), Optional.of(role));
    State untagged = state(Map.of(arn, Map.of()), Optional.empty());
    ObjectNode config =
        SpecMapper.json(Samples.load("full.yaml").getSpec().managedInstancesProvider());
    config.put(
        "infrastructureRoleArn", partition.arn("iam", "", ACCOUNT, "role/ecsInfrastructureRole"));
    Map<String, String> tags = new LinkedHashMap<>(Map.of("team", "platform"));
    tags.putAll(OWNERSHIP);

    ObjectNode create = JSON.createObjectNode().put("name", "general").put("cluster", "prod");
    create.set("managedInstancesProvider", config);
    create.set("tags", tagList(tags));
    ObjectNode update = JSON.createObjectNode().put("name", "general").put("cluster", "prod");
    ObjectNode updateConfig = config.deepCopy();
    ((ObjectNode) updateConfig.get("instanceLaunchTemplate"))
        .remove(List.of("capacityOptionType", "fipsEnabled"));
    update.set("managedInstancesProvider", updateConfig);
    ObjectNode describe = JSON.createObjectNode().put("cluster", "prod");
    describe.putArray("capacityProviders").add("general");
    describe.putArray("include").add("TAGS");
    ObjectNode tag = JSON.createObjectNode().put("resourceArn", arn);
    tag.set("tags", tagList(Map.of("team", "platform")));
    ObjectNode adopt = JSON.createObjectNode().put("resourceArn", arn);
    adopt.set("tags", tagList(OWNERSHIP));
    ObjectNode untag = JSON.createObjectNode().put("resourceArn", arn);
    untag.putArray("tagKeys").add("rogue");

    String task =
        "task/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute/"
            + "ec720f7a-c0ba-4838-be33-f72e1873dd52";
    List<Call> calls = new ArrayList<>();
    calls.add(ecs("create with tags", "CreateCapacityProvider", region, create, State.empty()));
    calls.add(ecs("describe by name", "DescribeCapacityProviders", region, describe, owned));
    calls.add(ecs("update", "UpdateCapacityProvider", region, update, owned));
    calls.add(ecs("retag", "TagResource", region, tag, owned));
    calls.add(ecs("adopt", "TagResource", region, adopt, untagged));
    calls.add(ecs("untag", "UntagResource", region, untag, owned));
    calls.add(
        ecs(
            "delete",
            "DeleteCapacityProvider",
            region,
            JSON.createObjectNode().put("capacityProvider", "general").put("cluster", "prod"),
            owned));
    Map<String, String> roleName = Map.of("RoleName", "AWSServiceRoleForECSCompute");
    calls.add(iam("get the role", "GetRole", partition, roleName, owned));
    calls.add(iam("get a missing role", "GetRole", partition, roleName, untagged));
    calls.add(
        iam(
            "create the role",
            "CreateServiceLinkedRole",
            partition,
            Map.of("AWSServiceName", "ecs-compute.amazonaws.com"),
            untagged));
    calls.add(iam("delete the role", "DeleteServiceLinkedRole", partition, roleName, owned));
    calls.add(
        iam("delete a vanished role", "DeleteServiceLinkedRole", partition, roleName, untagged));
    calls.add(
        iam(
            "follow the deletion",
            "GetServiceLinkedRoleDeletionStatus",
            partition,
            Map.of("DeletionTaskId", task),
            owned));
    return calls;
  }

  static Stream<Arguments> everyCallInEveryPartition() {
    return Stream.of(Partition.values())
        .flatMap(p -> calls(p).stream().map(c -> Arguments.of(p.id(), c)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("everyCallInEveryPartition")
  void theShippedPolicyAllowsEveryCheckAwsMakesForEveryCallOfTheOperator(
      String partition, Call call) {
    String policy = IamPolicies.shipped(partition);
    List<Check> checks = Authorization.required(call.service(), call.operation(), call.request());

    assertThat(checks).as("the table knows %s", call.operation()).isNotEmpty();
    for (Check check : checks) {
      assertThat(PolicyEvaluator.allows(policy, check.action(), check.resource(), check.context()))
          .as(
              "%s on %s with %s (%s)",
              check.action(), check.resource(), check.context(), check.source())
          .isTrue();
    }
  }

  @Test
  void everyStatementIsNeededByACallOfTheOperator() throws Exception {
    JsonNode policy = JSON.readTree(IamPolicies.shipped("aws"));
    for (int i = 0; i < policy.get("Statement").size(); i++) {
      ObjectNode without = policy.deepCopy();
      String sid = without.withArray("Statement").get(i).path("Sid").asText();
      ((ArrayNode) without.get("Statement")).remove(i);
      String smaller = without.toString();

      boolean needed =
          calls(Partition.AWS).stream()
              .flatMap(
                  c -> Authorization.required(c.service(), c.operation(), c.request()).stream())
              .anyMatch(
                  check ->
                      !PolicyEvaluator.allows(
                          smaller, check.action(), check.resource(), check.context()));

      assertThat(needed).as("statement %s is needed by some call", sid).isTrue();
    }
  }

  @Test
  void everyActionOfTheTableThatTheOperatorUsesIsGrantedAndNoWildcardIs() throws Exception {
    JsonNode policy = JSON.readTree(IamPolicies.shipped("aws"));
    Set<String> granted = new TreeSet<>();
    for (JsonNode statement : policy.get("Statement")) {
      JsonNode action = statement.get("Action");
      (action.isArray() ? action : JSON.createArrayNode().add(action))
          .forEach(a -> granted.add(a.asText()));
      JsonNode resource = statement.get("Resource");
      (resource.isArray() ? resource : JSON.createArrayNode().add(resource))
          .forEach(r -> assertThat(r.asText()).as("no resource wildcard").isNotEqualTo("*"));
    }
    Set<String> needed = new TreeSet<>();
    calls(Partition.AWS)
        .forEach(
            c ->
                Authorization.required(c.service(), c.operation(), c.request())
                    .forEach(check -> needed.add(check.action())));

    assertThat(granted).isEqualTo(needed).noneMatch(a -> a.contains("*"));
  }

  private static Call ecs(
      String what, String operation, String region, JsonNode request, State state) {
    return new Call(what, Service.ECS, operation, Request.ecs(region, ACCOUNT, request, state));
  }

  private static Call iam(
      String what,
      String operation,
      Partition partition,
      Map<String, String> parameters,
      State state) {
    return new Call(
        what, Service.IAM, operation, Request.iam(partition, ACCOUNT, parameters, state));
  }

  private static ArrayNode tagList(Map<String, String> tags) {
    ArrayNode list = JSON.createArrayNode();
    tags.forEach((k, v) -> list.addObject().put("key", k).put("value", v));
    return list;
  }

  private static State state(Map<String, Map<String, String>> tags, Optional<String> role) {
    return new State() {
      @Override
      public Map<String, String> tagsOf(String arn) {
        return tags.getOrDefault(arn, Map.of());
      }

      @Override
      public Optional<String> roleArn(String roleName) {
        return role;
      }
    };
  }
}
