package io.ecsmi.operator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.function.Function;

/**
 * What ECS does with a member of {@code managedInstancesProvider} that a request leaves out, where
 * AWS documents it. A spec that leaves such a member out asks for the default: it is compared as
 * the default and sent as the default, so removing it from the spec reverts it in AWS whatever ECS
 * does with omitted members on update (which AWS does not document; see docs/aws-semantics.md).
 * Members without a documented default are the spec's when it sets them and ECS's otherwise.
 */
public final class EcsDefaults {

  /**
   * One documented default.
   *
   * @param path the member, relative to {@code managedInstancesProvider}
   * @param value the default in the resource's partition
   * @param source where AWS says so
   */
  public record Default(String path, Function<Partition, JsonNode> value, String source) {}

  public static final List<Default> DOCUMENTED =
      List.of(
          new Default(
              "instanceLaunchTemplate.monitoring",
              p -> TextNode.valueOf("BASIC"),
              "ECS API Reference, InstanceLaunchTemplate.monitoring: \"By default, your managed"
                  + " instance is configured for basic monitoring.\""),
          new Default(
              "instanceLaunchTemplate.instanceMetadataTagsPropagation",
              p -> BooleanNode.TRUE,
              "ECS API Reference, InstanceLaunchTemplate.instanceMetadataTagsPropagation: \"The"
                  + " default value is true.\""),
          new Default(
              "instanceLaunchTemplate.capacityOptionType",
              p -> TextNode.valueOf("ON_DEMAND"),
              "ECS API Reference, InstanceLaunchTemplate.capacityOptionType: \"The default is"
                  + " On-Demand\""),
          new Default(
              "instanceLaunchTemplate.fipsEnabled",
              p -> BooleanNode.valueOf(p.fipsByDefault()),
              "ECS API Reference, InstanceLaunchTemplate.fipsEnabled: \"If not specified,"
                  + " instances are launched with FIPS enabled in AWS GovCloud (US) regions and FIPS"
                  + " disabled in other regions.\""),
          new Default(
              "propagateTags",
              p -> TextNode.valueOf("NONE"),
              "AWS Batch API Reference, ManagedInstancesProvider.propagateTags (the same ECS"
                  + " structure): \"NONE (default)\"; the ECS API Reference does not say"));

  private EcsDefaults() {}

  /**
   * A copy of {@code configuration} (the wire form of {@code managedInstancesProvider}) with every
   * documented default filled in where the member is absent.
   */
  public static ObjectNode effective(JsonNode configuration, Partition partition) {
    ObjectNode copy = configuration.deepCopy();
    for (Default d : DOCUMENTED) {
      String[] parts = d.path().split("\\.");
      ObjectNode parent = copy;
      for (int i = 0; i < parts.length - 1 && parent != null; i++) {
        parent = parent.get(parts[i]) instanceof ObjectNode o ? o : null;
      }
      String member = parts[parts.length - 1];
      if (parent != null && (!parent.has(member) || parent.get(member).isNull())) {
        parent.set(member, d.value().apply(partition));
      }
    }
    return copy;
  }
}
