package io.ecsmi.emulator.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmi.emulator.Behaviour.OmittedOnUpdate;
import java.util.List;

/**
 * How an UpdateCapacityProvider request becomes the stored {@code managedInstancesProvider}, under
 * each reading of {@link OmittedOnUpdate} (AWS documents neither; research ecs-semantics.md §2).
 */
final class UpdateSemantics {

  /**
   * Members of the launch template the update form does not have (InstanceLaunchTemplateUpdate
   * lacks them; research ecs-semantics.md §1b): they keep their value from creation.
   */
  private static final List<String> CREATE_ONLY = List.of("capacityOptionType", "fipsEnabled");

  /**
   * Members the stored (output) InstanceLaunchTemplate requires but the update form makes optional:
   * an update that omits them cannot have removed them.
   */
  private static final List<String> REQUIRED_IN_OUTPUT =
      List.of("ec2InstanceProfileArn", "networkConfiguration");

  private UpdateSemantics() {}

  /** The configuration ECS stores after {@code request} updates {@code stored}. */
  static ObjectNode apply(OmittedOnUpdate mode, ObjectNode stored, ObjectNode request) {
    ObjectNode sent = withoutNulls(request);
    ObjectNode updated =
        switch (mode) {
          case RESET -> sent;
          case KEEP -> merge(stored, sent);
        };
    JsonNode before = stored.path("instanceLaunchTemplate");
    ObjectNode template = (ObjectNode) updated.get("instanceLaunchTemplate");
    for (String member : CREATE_ONLY) {
      template.remove(member); // not part of the update form: a hand-made request cannot set it
      if (before.has(member)) {
        template.set(member, before.get(member).deepCopy());
      }
    }
    for (String member : REQUIRED_IN_OUTPUT) {
      if (!template.has(member) && before.has(member)) {
        template.set(member, before.get(member).deepCopy());
      }
    }
    return updated;
  }

  /** {@code patch} deep-merged over {@code base}: objects member by member, all else replaced. */
  static ObjectNode merge(ObjectNode base, ObjectNode patch) {
    ObjectNode result = base.deepCopy();
    patch
        .properties()
        .forEach(
            e -> {
              JsonNode existing = result.get(e.getKey());
              if (existing != null && existing.isObject() && e.getValue().isObject()) {
                result.set(e.getKey(), merge((ObjectNode) existing, (ObjectNode) e.getValue()));
              } else {
                result.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    return result;
  }

  /**
   * A copy without JSON nulls: in the JSON protocol a null member is an absent member (the SDKs
   * never send one; a hand-made request might).
   */
  static ObjectNode withoutNulls(ObjectNode node) {
    ObjectNode copy = node.objectNode();
    node.properties()
        .forEach(
            e -> {
              JsonNode v = e.getValue();
              if (v.isObject()) {
                copy.set(e.getKey(), withoutNulls((ObjectNode) v));
              } else if (!v.isNull()) {
                copy.set(e.getKey(), v.deepCopy());
              }
            });
    return copy;
  }
}
