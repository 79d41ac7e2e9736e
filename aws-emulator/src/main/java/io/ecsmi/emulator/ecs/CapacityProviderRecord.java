package io.ecsmi.emulator.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The mutable state ECS keeps for one capacity provider. */
final class CapacityProviderRecord {

  final String region;
  final String cluster;
  final String name;
  final String arn;
  String status;
  String updateStatus;
  String updateStatusReason;
  ObjectNode managedInstancesProvider;
  final Map<String, String> tags = new LinkedHashMap<>();

  /** Bumped by every state change, so a scheduled transition from an older change is ignored. */
  long revision;

  CapacityProviderRecord(
      String region, String cluster, String name, String arn, ObjectNode managedInstancesProvider) {
    this.region = region;
    this.cluster = cluster;
    this.name = name;
    this.arn = arn;
    this.managedInstancesProvider = managedInstancesProvider;
  }

  boolean inactive() {
    return "INACTIVE".equals(status);
  }

  /** The {@code CapacityProvider} structure of the ECS API. */
  ObjectNode toJson(boolean includeTags) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("capacityProviderArn", arn);
    json.put("name", name);
    json.put("cluster", cluster);
    json.put("status", status);
    json.put("type", "MANAGED_INSTANCES");
    json.set("managedInstancesProvider", managedInstancesProvider.deepCopy());
    json.put("updateStatus", updateStatus);
    if (updateStatusReason != null) {
      json.put("updateStatusReason", updateStatusReason);
    }
    if (includeTags) {
      json.set("tags", tagsJson(tags));
    }
    return json;
  }

  CapacityProviderState snapshot() {
    return new CapacityProviderState(
        region,
        cluster,
        name,
        arn,
        status,
        updateStatus,
        updateStatusReason,
        managedInstancesProvider.deepCopy(),
        Map.copyOf(tags));
  }

  static ArrayNode tagsJson(Map<String, String> tags) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    tags.forEach((k, v) -> list.addObject().put("key", k).put("value", v));
    return list;
  }
}
