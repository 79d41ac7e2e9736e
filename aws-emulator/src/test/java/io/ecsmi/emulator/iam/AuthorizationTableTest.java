package io.ecsmi.emulator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsmi.emulator.Partition;
import io.ecsmi.emulator.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The authorization table as tests outside the module read it. */
class AuthorizationTableTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "123456789012";

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static Authorization.Request ecs(String body) throws Exception {
    return Authorization.Request.ecs("us-east-1", ACCOUNT, json(body), Authorization.State.empty());
  }

  @Test
  void everyEmulatedOperationHasRowsAndEveryRowASource() {
    assertThat(Authorization.table())
        .extracting(r -> r.service() + " " + r.operation())
        .containsOnly(
            "ECS CreateCapacityProvider",
            "ECS UpdateCapacityProvider",
            "ECS DeleteCapacityProvider",
            "ECS DescribeCapacityProviders",
            "ECS TagResource",
            "ECS UntagResource",
            "ECS ListTagsForResource",
            "IAM GetRole",
            "IAM CreateServiceLinkedRole",
            "IAM DeleteServiceLinkedRole",
            "IAM GetServiceLinkedRoleDeletionStatus");
    assertThat(Authorization.table())
        .allSatisfy(r -> assertThat(r.source()).contains("https://docs.aws.amazon.com/"));
    assertThat(Authorization.table(Service.ECS, "CreateCapacityProvider"))
        .extracting(Authorization.Rule::action)
        .containsExactly("ecs:CreateCapacityProvider", "ecs:TagResource", "iam:PassRole");
  }

  @Test
  void aTaggedCreateNeedsTheCreateThenTagOnCreateThenPassRole() throws Exception {
    List<Authorization.Check> checks =
        Authorization.required(
            Service.ECS,
            "CreateCapacityProvider",
            ecs(
                "{\"name\":\"general\",\"cluster\":\"prod\",\"tags\":[{\"key\":\"team\","
                    + "\"value\":\"platform\"}],\"managedInstancesProvider\":{"
                    + "\"infrastructureRoleArn\":\"arn:aws:iam::123456789012:role/infra\","
                    + "\"propagateTags\":\"NONE\",\"instanceLaunchTemplate\":{"
                    + "\"instanceMetadataTagsPropagation\":false}}}"));

    String arn = "arn:aws:ecs:us-east-1:123456789012:capacity-provider/general";
    assertThat(checks)
        .extracting(Authorization.Check::action, Authorization.Check::resource)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ecs:CreateCapacityProvider", arn),
            org.assertj.core.groups.Tuple.tuple("ecs:TagResource", arn),
            org.assertj.core.groups.Tuple.tuple(
                "iam:PassRole", "arn:aws:iam::123456789012:role/infra"));
    assertThat(checks.get(0).context())
        .containsExactly(
            Map.entry("aws:RequestTag/team", List.of("platform")),
            Map.entry("aws:TagKeys", List.of("team")),
            Map.entry("ecs:propagate-tags", List.of("NONE")),
            Map.entry("ecs:instance-metadata-tags-propagation", List.of("false")));
    assertThat(checks.get(1).context())
        .containsEntry("ecs:CreateAction", List.of("CreateCapacityProvider"))
        .containsEntry("aws:TagKeys", List.of("team"));
    assertThat(checks.get(2).context())
        .isEqualTo(Map.of("iam:PassedToService", List.of("ecs.amazonaws.com")));
    assertThat(checks.get(2).source()).contains("infrastructure_IAM_role");
  }

  @Test
  void resourceTagsAndRolePathsComeFromTheAccountsState() throws Exception {
    Authorization.State state =
        new Authorization.State() {
          @Override
          public Map<String, String> tagsOf(String arn) {
            return arn.endsWith("/general") ? Map.of("owner", "operator") : Map.of();
          }

          @Override
          public Optional<String> roleArn(String roleName) {
            return Optional.of("arn:aws-cn:iam::123456789012:role/some/path/" + roleName);
          }
        };

    var delete =
        Authorization.required(
            Service.ECS,
            "DeleteCapacityProvider",
            Authorization.Request.ecs(
                "us-east-1", ACCOUNT, json("{\"capacityProvider\":\"general\"}"), state));
    var getRole =
        Authorization.required(
            Service.IAM,
            "GetRole",
            Authorization.Request.iam(
                Partition.AWS_CN, ACCOUNT, Map.of("RoleName", "Example"), state));

    assertThat(delete.get(0).context())
        .isEqualTo(Map.of("aws:ResourceTag/owner", List.of("operator")));
    assertThat(getRole.get(0).resource())
        .isEqualTo("arn:aws-cn:iam::123456789012:role/some/path/Example");
    assertThat(getRole.get(0).named()).isEqualTo("role Example");
  }

  @Test
  void theDeletionStatusResourceIsTheRoleTheTaskIdNames() {
    var checks =
        Authorization.required(
            Service.IAM,
            "GetServiceLinkedRoleDeletionStatus",
            Authorization.Request.iam(
                Partition.AWS_US_GOV,
                ACCOUNT,
                Map.of(
                    "DeletionTaskId",
                    "task/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute/"
                        + "ec720f7a-c0ba-4838-be33-f72e1873dd52"),
                Authorization.State.empty()));

    assertThat(checks)
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.resource())
                    .isEqualTo(
                        "arn:aws-us-gov:iam::123456789012:role/aws-service-role/"
                            + "ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute"));
  }

  @Test
  void aPolicyDocumentCanBeCheckedAgainstTheTable() throws Exception {
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "[\"ecs:CreateCapacityProvider\",\"ecs:TagResource\"],"
            + "\"Resource\":\"arn:aws:ecs:*:123456789012:capacity-provider/*\"}]}";
    var checks =
        Authorization.required(
            Service.ECS,
            "CreateCapacityProvider",
            ecs(
                "{\"name\":\"general\",\"managedInstancesProvider\":{\"infrastructureRoleArn\":"
                    + "\"arn:aws:iam::123456789012:role/ecsInfrastructureRole\"}}"));

    assertThat(checks)
        .filteredOn(c -> !PolicyEvaluator.allows(policy, c.action(), c.resource(), c.context()))
        .as("what the policy misses")
        .extracting(Authorization.Check::action)
        .containsExactly("iam:PassRole");
  }
}
