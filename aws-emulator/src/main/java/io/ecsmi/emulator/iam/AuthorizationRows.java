package io.ecsmi.emulator.iam;

import static io.ecsmi.emulator.iam.Authorization.CAPACITY_PROVIDER;
import static io.ecsmi.emulator.iam.Authorization.PASS_INFRASTRUCTURE_ROLE;
import static io.ecsmi.emulator.iam.Authorization.SAR_ECS;
import static io.ecsmi.emulator.iam.Authorization.SAR_IAM;
import static io.ecsmi.emulator.iam.Authorization.SERVICE_LINKED_ROLE;
import static io.ecsmi.emulator.iam.Authorization.TAG_ON_CREATE;
import static io.ecsmi.emulator.iam.Authorization.context;
import static io.ecsmi.emulator.iam.Authorization.row;
import static io.ecsmi.emulator.iam.Authorization.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.iam.Authorization.Request;
import io.ecsmi.emulator.iam.Authorization.Row;
import io.ecsmi.emulator.iam.Authorization.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows of {@link Authorization}'s table. Research note iam-authorization.md (§1 ECS, §2 IAM, §3
 * dependent actions) quotes each source.
 */
final class AuthorizationRows {

  private static final String CREATE = "CreateCapacityProvider";
  private static final String UPDATE = "UpdateCapacityProvider";
  private static final String REQUEST_TAG = "aws:RequestTag/${TagKey}";
  private static final String RESOURCE_TAG = "aws:ResourceTag/${TagKey}";
  private static final String TAG_KEYS = "aws:TagKeys";
  private static final String PROPAGATE_TAGS = "ecs:propagate-tags";
  private static final String IMDS_TAGS = "ecs:instance-metadata-tags-propagation";
  private static final String INFRASTRUCTURE_ROLE =
      "${managedInstancesProvider.infrastructureRoleArn}";

  private AuthorizationRows() {}

  static List<Row> rows() {
    return List.of(
        // SAR-ECS: CreateCapacityProvider, resource capacity-provider*, keys aws:RequestTag,
        // aws:TagKeys, ecs:instance-metadata-tags-propagation, ecs:propagate-tags.
        row(
            Service.ECS,
            CREATE,
            "ecs:CreateCapacityProvider",
            CAPACITY_PROVIDER,
            List.of(REQUEST_TAG, TAG_KEYS, PROPAGATE_TAGS, IMDS_TAGS),
            "always",
            SAR_ECS,
            r -> {
              var context = requestTags(r.ecsRequest().path("tags"));
              configurationKeys(r.ecsRequest().path("managedInstancesProvider"), context);
              return List.of(target(providerArn(r, text(r.ecsRequest(), "name")), context));
            }),
        // Tag on create: "AWS performs additional authorization ... ecs:TagResource", narrowed by
        // ecs:CreateAction (ECS developer guide, supported-iam-actions-tagging).
        row(
            Service.ECS,
            CREATE,
            "ecs:TagResource",
            CAPACITY_PROVIDER,
            List.of("ecs:CreateAction", REQUEST_TAG, TAG_KEYS),
            "when the request has tags",
            TAG_ON_CREATE,
            r -> {
              JsonNode tags = r.ecsRequest().path("tags");
              if (!tags.isArray() || tags.isEmpty()) {
                return List.of();
              }
              var context = context();
              context.put("ecs:CreateAction", List.of(CREATE));
              context.putAll(requestTags(tags));
              return List.of(target(providerArn(r, text(r.ecsRequest(), "name")), context));
            }),
        // "you must grant your user permission to pass the role to Amazon ECS", with
        // iam:PassedToService ecs.amazonaws.com (ECS developer guide, infrastructure_IAM_role).
        row(
            Service.ECS,
            CREATE,
            "iam:PassRole",
            INFRASTRUCTURE_ROLE,
            List.of("iam:PassedToService"),
            "when the request names an infrastructure role",
            PASS_INFRASTRUCTURE_ROLE,
            AuthorizationRows::passInfrastructureRole),
        // SAR-ECS: UpdateCapacityProvider, capacity-provider*, aws:ResourceTag, the two ecs: keys.
        row(
            Service.ECS,
            UPDATE,
            "ecs:UpdateCapacityProvider",
            CAPACITY_PROVIDER,
            List.of(RESOURCE_TAG, PROPAGATE_TAGS, IMDS_TAGS),
            "always",
            SAR_ECS,
            r -> {
              String arn = providerArn(r, text(r.ecsRequest(), "name"));
              var context = resourceTags(r, arn);
              configurationKeys(r.ecsRequest().path("managedInstancesProvider"), context);
              return List.of(target(arn, context));
            }),
        // AWS does not document whether UpdateCapacityProvider checks iam:PassRole on the role the
        // update carries (the SAR lists no dependent action; research §3). The emulator assumes it
        // does: the safe side for a policy written against it.
        row(
            Service.ECS,
            UPDATE,
            "iam:PassRole",
            INFRASTRUCTURE_ROLE,
            List.of("iam:PassedToService"),
            "when the request names an infrastructure role (assumed; AWS does not document it)",
            PASS_INFRASTRUCTURE_ROLE
                + " (for UpdateCapacityProvider AWS is silent; the emulator assumes the check)",
            AuthorizationRows::passInfrastructureRole),
        // SAR-ECS: DeleteCapacityProvider, capacity-provider*, aws:ResourceTag.
        row(
            Service.ECS,
            "DeleteCapacityProvider",
            "ecs:DeleteCapacityProvider",
            CAPACITY_PROVIDER,
            List.of(RESOURCE_TAG),
            "always",
            SAR_ECS,
            r -> {
              String arn = providerArn(r, text(r.ecsRequest(), "capacityProvider"));
              return List.of(target(arn, resourceTags(r, arn)));
            }),
        // SAR-ECS: DescribeCapacityProviders, capacity-provider*. One check per name. What is
        // authorized for a call without names AWS does not document; the emulator checks "*".
        row(
            Service.ECS,
            "DescribeCapacityProviders",
            "ecs:DescribeCapacityProviders",
            CAPACITY_PROVIDER + " per name; * without names (AWS silent)",
            List.of(),
            "always",
            SAR_ECS,
            r -> {
              JsonNode names = r.ecsRequest().path("capacityProviders");
              if (!names.isArray() || names.isEmpty()) {
                return List.of(target("*", Map.of()));
              }
              List<Target> targets = new ArrayList<>();
              names.forEach(n -> targets.add(target(providerArn(r, n.asText()), Map.of())));
              return targets;
            }),
        // SAR-ECS: TagResource, keys aws:RequestTag, aws:ResourceTag, aws:TagKeys.
        row(
            Service.ECS,
            "TagResource",
            "ecs:TagResource",
            "${resourceArn}",
            List.of(REQUEST_TAG, RESOURCE_TAG, TAG_KEYS),
            "always",
            SAR_ECS,
            r -> {
              String arn = resourceArn(r);
              var context = requestTags(r.ecsRequest().path("tags"));
              context.putAll(resourceTags(r, arn));
              return List.of(target(arn, context));
            }),
        // SAR-ECS: UntagResource, keys aws:ResourceTag, aws:TagKeys.
        row(
            Service.ECS,
            "UntagResource",
            "ecs:UntagResource",
            "${resourceArn}",
            List.of(RESOURCE_TAG, TAG_KEYS),
            "always",
            SAR_ECS,
            r -> {
              String arn = resourceArn(r);
              var context = context();
              List<String> keys = new ArrayList<>();
              r.ecsRequest().path("tagKeys").forEach(k -> keys.add(k.asText()));
              if (!keys.isEmpty()) {
                context.put(TAG_KEYS, keys);
              }
              context.putAll(resourceTags(r, arn));
              return List.of(target(arn, context));
            }),
        // SAR-ECS: ListTagsForResource, key aws:ResourceTag.
        row(
            Service.ECS,
            "ListTagsForResource",
            "ecs:ListTagsForResource",
            "${resourceArn}",
            List.of(RESOURCE_TAG),
            "always",
            SAR_ECS,
            r -> {
              String arn = resourceArn(r);
              return List.of(target(arn, resourceTags(r, arn)));
            }),
        // SAR-IAM: GetRole, role*. The role's ARN carries its path; for a role that does not exist
        // the path is unknown and AWS does not say what is authorized: the emulator uses
        // role/<RoleName>. A denial names the resource "role <RoleName>" (research §5).
        row(
            Service.IAM,
            "GetRole",
            "iam:GetRole",
            "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}",
            List.of(),
            "always",
            SAR_IAM,
            r -> {
              String name = r.iamParameters().getOrDefault("RoleName", "");
              return List.of(target(roleArn(r, name), Map.of(), "role " + name));
            }),
        // SAR-IAM: CreateServiceLinkedRole, role*, key iam:AWSServiceName.
        row(
            Service.IAM,
            "CreateServiceLinkedRole",
            "iam:CreateServiceLinkedRole",
            SERVICE_LINKED_ROLE,
            List.of("iam:AWSServiceName"),
            "always",
            SAR_IAM,
            r -> {
              var context = context();
              String service = r.iamParameters().get("AWSServiceName");
              if (service != null) {
                context.put("iam:AWSServiceName", List.of(service));
              }
              String arn =
                  r.partition().arn("iam", "", r.accountId(), roleResource(ServiceLinkedRole.PATH));
              return List.of(target(arn + ServiceLinkedRole.NAME, context));
            }),
        // SAR-IAM: DeleteServiceLinkedRole, role*.
        row(
            Service.IAM,
            "DeleteServiceLinkedRole",
            "iam:DeleteServiceLinkedRole",
            "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}",
            List.of(),
            "always",
            SAR_IAM,
            r ->
                List.of(
                    target(roleArn(r, r.iamParameters().getOrDefault("RoleName", "")), Map.of()))),
        // SAR-IAM: GetServiceLinkedRoleDeletionStatus, role*. The call carries only a task id
        // "task/aws-service-role/<service-principal-name>/<role-name>/<task-uuid>" (botocore IAM
        // model); the role ARN derived from it is an inference (research §2). An id of another
        // shape names no role: "*".
        row(
            Service.IAM,
            "GetServiceLinkedRoleDeletionStatus",
            "iam:GetServiceLinkedRoleDeletionStatus",
            "arn:${Partition}:iam::${Account}:role/aws-service-role/${ServicePrincipal}/${RoleName}"
                + " (inferred from the deletion task id)",
            List.of(),
            "always",
            SAR_IAM + " (resource inferred from the task id format, botocore IAM model)",
            r -> {
              String[] parts = r.iamParameters().getOrDefault("DeletionTaskId", "").split("/");
              if (parts.length != 5 || !parts[0].equals("task")) {
                return List.of(target("*", Map.of()));
              }
              String path = "/" + parts[1] + "/" + parts[2] + "/";
              return List.of(
                  target(
                      r.partition().arn("iam", "", r.accountId(), roleResource(path)) + parts[3],
                      Map.of()));
            }));
  }

  private static List<Target> passInfrastructureRole(Request r) {
    String role = text(r.ecsRequest().path("managedInstancesProvider"), "infrastructureRoleArn");
    if (role == null) {
      return List.of();
    }
    var context = context();
    context.put("iam:PassedToService", List.of("ecs.amazonaws.com"));
    return List.of(target(role, context));
  }

  /** aws:RequestTag/<key> for each tag and aws:TagKeys for all, when the request has tags. */
  private static Map<String, List<String>> requestTags(JsonNode tags) {
    var context = context();
    List<String> keys = new ArrayList<>();
    for (JsonNode tag : tags) {
      String key = tag.path("key").asText();
      keys.add(key);
      context.put("aws:RequestTag/" + key, List.of(tag.path("value").asText("")));
    }
    if (!keys.isEmpty()) {
      context.put(TAG_KEYS, keys);
    }
    return context;
  }

  /** The two ecs: keys, each only when the request sets its member. */
  private static void configurationKeys(JsonNode mi, Map<String, List<String>> context) {
    if (mi.path("propagateTags").isTextual()) {
      context.put(PROPAGATE_TAGS, List.of(mi.path("propagateTags").asText()));
    }
    JsonNode imds = mi.path("instanceLaunchTemplate").path("instanceMetadataTagsPropagation");
    if (imds.isBoolean()) {
      context.put(IMDS_TAGS, List.of(String.valueOf(imds.asBoolean())));
    }
  }

  private static Map<String, List<String>> resourceTags(Request r, String arn) {
    var context = context();
    r.state().tagsOf(arn).forEach((k, v) -> context.put("aws:ResourceTag/" + k, List.of(v)));
    return context;
  }

  /** A provider's ARN from a name (or the ARN as given). */
  private static String providerArn(Request r, String nameOrArn) {
    String name = nameOrArn == null ? "" : nameOrArn;
    return name.startsWith("arn:")
        ? name
        : r.partition().arn("ecs", r.region(), r.accountId(), "capacity-provider/" + name);
  }

  private static String resourceArn(Request r) {
    String arn = text(r.ecsRequest(), "resourceArn");
    return arn == null ? "*" : arn;
  }

  private static String roleArn(Request r, String roleName) {
    return r.state()
        .roleArn(roleName)
        .orElseGet(() -> r.partition().arn("iam", "", r.accountId(), "role/" + roleName));
  }

  private static String roleResource(String path) {
    return "role" + path;
  }

  private static String text(JsonNode node, String member) {
    JsonNode v = node.path(member);
    return v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
  }
}
