package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AccessDeniedException;
import software.amazon.awssdk.services.ecs.model.CreateCapacityProviderRequest;
import software.amazon.awssdk.services.ecs.model.PropagateMITags;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * A caller with an attached policy is authorized call by call against the authorization table, and
 * a denied call fails as AWS fails it and changes nothing. The restricted caller signs as {@link
 * #OPERATOR}; the test's own clients (no policy) stay unrestricted.
 */
class AuthorizationContractTest {

  private static final String OPERATOR = "AKIDOPERATOR";
  private static final String PRINCIPAL =
      "arn:aws:sts::123456789012:assumed-role/ecs-mi-operator/AKIDOPERATOR";
  private static final String ACCOUNT = "123456789012";
  private static final String CP = "arn:aws:ecs:us-east-1:123456789012:capacity-provider/";
  private static final String SLR =
      "arn:aws:iam::123456789012:role/aws-service-role/ecs-compute.amazonaws.com/"
          + "AWSServiceRoleForECSCompute";
  private static final String ROLE = "AWSServiceRoleForECSCompute";

  /** The operator's minimal policy from the research (shared/reference/aws-api.md §4). */
  private static final String OPERATOR_POLICY =
      """
      {"Version":"2012-10-17","Statement":[
       {"Sid":"CapacityProviders","Effect":"Allow","Action":["ecs:CreateCapacityProvider",
         "ecs:UpdateCapacityProvider","ecs:DeleteCapacityProvider","ecs:DescribeCapacityProviders",
         "ecs:UntagResource","ecs:ListTagsForResource"],
         "Resource":"arn:aws:ecs:*:ACCOUNT:capacity-provider/*"},
       {"Sid":"Tagging","Effect":"Allow","Action":"ecs:TagResource",
         "Resource":"arn:aws:ecs:*:ACCOUNT:capacity-provider/*"},
       {"Sid":"PassInfraRole","Effect":"Allow","Action":"iam:PassRole",
         "Resource":"arn:aws:iam::ACCOUNT:role/ecsInfrastructureRole*",
         "Condition":{"StringEquals":{"iam:PassedToService":"ecs.amazonaws.com"}}},
       {"Sid":"SlrCreate","Effect":"Allow","Action":"iam:CreateServiceLinkedRole",
         "Resource":"arn:aws:iam::*:role/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute*",
         "Condition":{"StringEquals":{"iam:AWSServiceName":"ecs-compute.amazonaws.com"}}},
       {"Sid":"SlrManage","Effect":"Allow","Action":["iam:GetRole","iam:DeleteServiceLinkedRole",
         "iam:GetServiceLinkedRoleDeletionStatus"],
         "Resource":"arn:aws:iam::*:role/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute*"}]}
      """
          .replace("ACCOUNT", ACCOUNT);

  private final AwsEmulator emulator = AwsEmulator.start();
  private final EcsClient admin = Sdk.ecs(emulator.endpoint(), "us-east-1");
  private final EcsClient operator = Sdk.ecsAs(OPERATOR, emulator.endpoint(), "us-east-1");
  private final IamClient operatorIam = Sdk.iamAs(OPERATOR, emulator.endpoint(), Region.AWS_GLOBAL);

  {
    emulator.createCluster("us-east-1", "prod");
    emulator.seedRole();
  }

  @AfterEach
  void stop() {
    admin.close();
    operator.close();
    operatorIam.close();
    emulator.close();
  }

  /** A policy of one statement allowing {@code actions} on {@code resource}, plus more. */
  private static String allow(String actions, String resource, String... statements) {
    StringBuilder policy =
        new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[")
            .append("{\"Effect\":\"Allow\",\"Action\":")
            .append(actions)
            .append(",\"Resource\":\"")
            .append(resource)
            .append("\"}");
    for (String s : statements) {
      policy.append(',').append(s);
    }
    return policy.append("]}").toString();
  }

  private static final String PASS_ROLE =
      "{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\","
          + "\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"ecs.amazonaws.com\"}}}";

  private static CreateCapacityProviderRequest tagged(String name, String... keyValues) {
    Tag[] tags = new Tag[keyValues.length / 2];
    for (int i = 0; i < tags.length; i++) {
      tags[i] = Tag.builder().key(keyValues[2 * i]).value(keyValues[2 * i + 1]).build();
    }
    return Providers.create("prod", name).toBuilder().tags(tags).build();
  }

  private static String denial(String action, String resource) {
    return "User: "
        + PRINCIPAL
        + " is not authorized to perform: "
        + action
        + " on resource: "
        + resource
        + " because no identity-based policy allows the "
        + action
        + " action";
  }

  private static void deniedWith(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            AccessDeniedException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
              assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            });
  }

  @Test
  void callersWithoutAPolicyAreUnrestricted() {
    emulator.attachPolicy(OPERATOR, allow("\"ecs:Describe*\"", "*"));

    admin.createCapacityProvider(tagged("general", "team", "platform"));
    try (EcsClient other = Sdk.ecsAs("AKIDOTHER", emulator.endpoint(), "us-east-1")) {
      other.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod"));
    }

    assertThat(emulator.providers())
        .singleElement()
        .satisfies(p -> assertThat(p.status()).isEqualTo("INACTIVE"));
  }

  @Test
  void theOperatorsResearchedPolicyAllowsItsWholeLifecycle() {
    emulator.attachPolicy(OPERATOR, OPERATOR_POLICY);
    emulator.removeRole();

    operatorIam.createServiceLinkedRole(r -> r.awsServiceName("ecs-compute.amazonaws.com"));
    operatorIam.getRole(r -> r.roleName(ROLE));
    String arn =
        operator
            .createCapacityProvider(tagged("general", "team", "platform"))
            .capacityProvider()
            .capacityProviderArn();
    operator.updateCapacityProvider(Providers.update("prod", "general", t -> {}));
    operator.describeCapacityProviders(d -> d.cluster("prod").capacityProviders("general"));
    operator.tagResource(t -> t.resourceArn(arn).tags(Tag.builder().key("env").value("p").build()));
    operator.untagResource(u -> u.resourceArn(arn).tagKeys("team"));
    operator.listTagsForResource(l -> l.resourceArn(arn));
    operator.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod"));
    String task = operatorIam.deleteServiceLinkedRole(r -> r.roleName(ROLE)).deletionTaskId();
    operatorIam.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId(task));

    assertThat(emulator.calls().recent())
        .filteredOn(c -> c.caller().equals(OPERATOR))
        .hasSize(11)
        .allSatisfy(c -> assertThat(c.outcome()).isEqualTo(CallLog.SUCCESS));
  }

  @Test
  void aDeniedCreateFailsAsAwsFailsItChangesNothingAndIsLogged() {
    emulator.attachPolicy(OPERATOR, allow("\"ecs:Describe*\"", "*", PASS_ROLE));

    deniedWith(
        () -> operator.createCapacityProvider(Providers.create("prod", "general")),
        denial("ecs:CreateCapacityProvider", CP + "general"));

    assertThat(emulator.providers()).isEmpty();
    assertThat(emulator.calls().recent())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.caller()).isEqualTo(OPERATOR);
              assertThat(c.outcome()).isEqualTo("AccessDeniedException");
            });
  }

  @Test
  void tagsOnCreateAlsoNeedTagResourceWhichCreateActionCanNarrow() {
    emulator.attachPolicy(OPERATOR, allow("\"ecs:CreateCapacityProvider\"", CP + "*", PASS_ROLE));

    operator.createCapacityProvider(Providers.create("prod", "untagged"));
    deniedWith(
        () -> operator.createCapacityProvider(tagged("tagged", "team", "platform")),
        denial("ecs:TagResource", CP + "tagged"));
    assertThat(emulator.provider("us-east-1", "tagged")).isEmpty();

    emulator.attachPolicy(
        OPERATOR,
        allow(
            "\"ecs:CreateCapacityProvider\"",
            CP + "*",
            PASS_ROLE,
            "{\"Effect\":\"Allow\",\"Action\":\"ecs:TagResource\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"ecs:CreateAction\":\"CreateCapacityProvider\"}}}"));
    operator.createCapacityProvider(tagged("tagged", "team", "platform"));
    deniedWith(
        () ->
            operator.tagResource(
                t -> t.resourceArn(CP + "tagged").tags(Tag.builder().key("a").value("b").build())),
        denial("ecs:TagResource", CP + "tagged"));
  }

  @Test
  void passingTheInfrastructureRoleNeedsPassRoleToEcsOnCreateAndUpdate() {
    String role = "arn:aws:iam::123456789012:role/ecsInfrastructureRole";
    emulator.attachPolicy(OPERATOR, allow("\"ecs:*\"", "*"));

    deniedWith(
        () -> operator.createCapacityProvider(Providers.create("prod", "general")),
        denial("iam:PassRole", role));

    emulator.attachPolicy(
        OPERATOR,
        allow(
            "\"ecs:*\"",
            "*",
            "{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\""
                + role
                + "\","
                + "\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"ec2.amazonaws.com\"}}}"));
    deniedWith(
        () -> operator.createCapacityProvider(Providers.create("prod", "general")),
        denial("iam:PassRole", role));

    emulator.attachPolicy(OPERATOR, allow("\"ecs:*\"", "*", PASS_ROLE));
    operator.createCapacityProvider(Providers.create("prod", "general"));
    emulator.attachPolicy(OPERATOR, allow("\"ecs:*\"", "*"));
    deniedWith(
        () -> operator.updateCapacityProvider(Providers.update("prod", "general", t -> {})),
        denial("iam:PassRole", role));
  }

  @Test
  void anExplicitDenyOnAResourceTagSaysSo() {
    admin.createCapacityProvider(tagged("protected", "protected", "true"));
    admin.createCapacityProvider(Providers.create("prod", "plain"));
    emulator.attachPolicy(
        OPERATOR,
        allow(
            "\"ecs:*\"",
            "*",
            "{\"Effect\":\"Deny\",\"Action\":\"ecs:DeleteCapacityProvider\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/protected\":\"true\"}}}"));

    deniedWith(
        () -> operator.deleteCapacityProvider(d -> d.capacityProvider("protected").cluster("prod")),
        "User: "
            + PRINCIPAL
            + " is not authorized to perform: ecs:DeleteCapacityProvider on resource: "
            + CP
            + "protected with an explicit deny in an identity-based policy");
    operator.deleteCapacityProvider(d -> d.capacityProvider("plain").cluster("prod"));

    assertThat(emulator.provider("us-east-1", "protected").orElseThrow().status())
        .isEqualTo("ACTIVE");
  }

  @Test
  void requestTagsAndTagKeysAreConditionKeysOfCreate() {
    emulator.attachPolicy(
        OPERATOR,
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "[\"ecs:CreateCapacityProvider\",\"ecs:TagResource\"],\"Resource\":\"*\","
            + "\"Condition\":{\"StringEquals\":{\"aws:RequestTag/team\":\"platform\"},"
            + "\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"env\"]}}},"
            + PASS_ROLE
            + "]}");

    operator.createCapacityProvider(tagged("ok", "team", "platform", "env", "prod"));
    deniedWith(
        () -> operator.createCapacityProvider(tagged("wrong-team", "team", "data")),
        denial("ecs:CreateCapacityProvider", CP + "wrong-team"));
    deniedWith(
        () -> operator.createCapacityProvider(tagged("extra-key", "team", "platform", "x", "y")),
        denial("ecs:CreateCapacityProvider", CP + "extra-key"));
  }

  @Test
  void propagateTagsAndMetadataTagPropagationAreConditionKeysWhenSet() {
    emulator.attachPolicy(
        OPERATOR,
        allow(
            "\"ecs:Describe*\"",
            "*",
            PASS_ROLE,
            "{\"Effect\":\"Allow\",\"Action\":[\"ecs:CreateCapacityProvider\","
                + "\"ecs:UpdateCapacityProvider\"],\"Resource\":\"*\",\"Condition\":{"
                + "\"StringEquals\":{\"ecs:propagate-tags\":\"CAPACITY_PROVIDER\"},"
                + "\"Bool\":{\"ecs:instance-metadata-tags-propagation\":\"true\"}}}"));
    CreateCapacityProviderRequest base =
        Providers.create("prod", "general", t -> t.instanceMetadataTagsPropagation(true));

    deniedWith(
        () ->
            operator.createCapacityProvider(
                base.toBuilder()
                    .managedInstancesProvider(
                        base.managedInstancesProvider().toBuilder()
                            .propagateTags(PropagateMITags.NONE)
                            .build())
                    .build()),
        denial("ecs:CreateCapacityProvider", CP + "general"));
    deniedWith(
        () ->
            operator.createCapacityProvider(
                Providers.create("prod", "general", t -> t.instanceMetadataTagsPropagation(false))),
        denial("ecs:CreateCapacityProvider", CP + "general"));
    operator.createCapacityProvider(base);
    deniedWith(
        () -> operator.updateCapacityProvider(Providers.update("prod", "general", t -> {})),
        denial("ecs:UpdateCapacityProvider", CP + "general"));
  }

  @Test
  void describeIsAuthorizedPerNameAndOnStarWithoutNames() {
    admin.createCapacityProvider(Providers.create("prod", "general"));
    emulator.attachPolicy(OPERATOR, allow("\"ecs:DescribeCapacityProviders\"", CP + "general"));

    assertThat(
            operator
                .describeCapacityProviders(d -> d.capacityProviders("general"))
                .capacityProviders())
        .hasSize(1);
    deniedWith(
        () -> operator.describeCapacityProviders(d -> d.capacityProviders("general", "other")),
        denial("ecs:DescribeCapacityProviders", CP + "other"));
    deniedWith(
        () -> operator.describeCapacityProviders(d -> d.cluster("prod")),
        denial("ecs:DescribeCapacityProviders", "*"));
  }

  @Test
  void taggingCallsSeeTheResourcesTags() {
    String owned =
        admin
            .createCapacityProvider(tagged("owned", "owner", "operator"))
            .capacityProvider()
            .capacityProviderArn();
    String foreign =
        admin
            .createCapacityProvider(tagged("foreign", "owner", "someone"))
            .capacityProvider()
            .capacityProviderArn();
    emulator.attachPolicy(
        OPERATOR,
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "[\"ecs:UntagResource\",\"ecs:ListTagsForResource\",\"ecs:TagResource\"],"
            + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
            + "{\"aws:ResourceTag/owner\":\"operator\"},"
            + "\"ForAllValues:StringNotEquals\":{\"aws:TagKeys\":\"owner\"}}}]}");

    operator.listTagsForResource(l -> l.resourceArn(owned));
    operator.tagResource(t -> t.resourceArn(owned).tags(Tag.builder().key("x").value("1").build()));
    operator.untagResource(u -> u.resourceArn(owned).tagKeys("x"));
    deniedWith(
        () -> operator.untagResource(u -> u.resourceArn(owned).tagKeys("owner")),
        denial("ecs:UntagResource", owned));
    deniedWith(
        () -> operator.listTagsForResource(l -> l.resourceArn(foreign)),
        denial("ecs:ListTagsForResource", foreign));
    assertThat(emulator.provider("us-east-1", "owned").orElseThrow().tags())
        .isEqualTo(Map.of("owner", "operator"));
  }

  @Test
  void iamDenialsAreAccessDenied403AndGetRoleNamesTheRoleByName() {
    emulator.attachPolicy(
        OPERATOR, allow("[\"iam:GetRole\",\"iam:DeleteServiceLinkedRole\"]", SLR));

    operatorIam.getRole(r -> r.roleName(ROLE));
    assertThatThrownBy(
            () ->
                operatorIam.createServiceLinkedRole(
                    r -> r.awsServiceName("ecs-compute.amazonaws.com")))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "User: "
                          + PRINCIPAL
                          + " is not authorized to perform: iam:CreateServiceLinkedRole on"
                          + " resource: "
                          + SLR
                          + " because no identity-based policy allows the"
                          + " iam:CreateServiceLinkedRole action");
            });
    String task = operatorIam.deleteServiceLinkedRole(r -> r.roleName(ROLE)).deletionTaskId();
    assertThatThrownBy(
            () -> operatorIam.getServiceLinkedRoleDeletionStatus(r -> r.deletionTaskId(task)))
        .isInstanceOfSatisfying(
            IamException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .contains("iam:GetServiceLinkedRoleDeletionStatus on resource: " + SLR + " "));

    // The role is gone: GetRole now authorizes role/<RoleName> (its path is unknown), which the
    // path-scoped policy does not allow; the denial names the role by name.
    assertThatThrownBy(() -> operatorIam.getRole(r -> r.roleName(ROLE)))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "User: "
                          + PRINCIPAL
                          + " is not authorized to perform: iam:GetRole on resource: role "
                          + ROLE
                          + " because no identity-based policy allows the iam:GetRole action");
            });
    assertThat(emulator.calls().count(Service.IAM, "GetRole", "AccessDenied")).isEqualTo(1);
  }

  @Test
  void createServiceLinkedRoleIsConditionedOnTheServiceName() {
    emulator.removeRole();
    emulator.attachPolicy(
        OPERATOR,
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":"
            + "\"iam:CreateServiceLinkedRole\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
            + "{\"iam:AWSServiceName\":\"ecs.amazonaws.com\"}}}}");

    assertThatThrownBy(
            () ->
                operatorIam.createServiceLinkedRole(
                    r -> r.awsServiceName("ecs-compute.amazonaws.com")))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThat(emulator.role()).isEmpty();
  }

  @Test
  void inChinaThePrincipalAndTheResourcesAreAwsCnArns() {
    emulator.createCluster("cn-north-1", "prod");
    emulator.seedRole("aws-cn");
    emulator.attachPolicy(OPERATOR, OPERATOR_POLICY);
    try (EcsClient china = Sdk.ecsAs(OPERATOR, emulator.endpoint(), "cn-north-1")) {
      deniedWith(
          () -> china.createCapacityProvider(Providers.createIn("aws-cn", "prod", "general")),
          "User: arn:aws-cn:sts::123456789012:assumed-role/ecs-mi-operator/AKIDOPERATOR is not"
              + " authorized to perform: ecs:CreateCapacityProvider on resource:"
              + " arn:aws-cn:ecs:cn-north-1:123456789012:capacity-provider/general because no"
              + " identity-based policy allows the ecs:CreateCapacityProvider action");

      emulator.attachPolicy(OPERATOR, OPERATOR_POLICY.replace("arn:aws:", "arn:aws-cn:"));
      china.createCapacityProvider(Providers.createIn("aws-cn", "prod", "general"));
    }
  }

  @Test
  void denialsNameTheAttachedPrincipalAndDetachingLiftsTheRestriction() {
    emulator.attachPolicy(
        OPERATOR, allow("\"ecs:Describe*\"", "*"), "arn:aws:iam::123456789012:user/marymajor");

    assertThatThrownBy(() -> operator.createCapacityProvider(Providers.create("prod", "general")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageStartingWith(
            "User: arn:aws:iam::123456789012:user/marymajor is not authorized to perform:"
                + " ecs:CreateCapacityProvider");
    emulator.detachPolicy(OPERATOR);

    operator.createCapacityProvider(Providers.create("prod", "general"));
  }

  @Test
  void aPolicyTheEvaluatorDoesNotUnderstandIsRefusedWhenAttached() {
    String ifExists =
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"ecs:*\","
            + "\"Resource\":\"*\",\"Condition\":{\"StringEqualsIfExists\":{\"aws:RequestTag/a\":\"b\"}}}}";

    assertThatThrownBy(() -> emulator.attachPolicy(OPERATOR, ifExists))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("StringEqualsIfExists");
    operator.describeCapacityProviders(d -> d.cluster("prod"));
  }
}
