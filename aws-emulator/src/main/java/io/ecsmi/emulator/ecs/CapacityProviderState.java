package io.ecsmi.emulator.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A read-only snapshot of one emulated capacity provider, for tests and the control API.
 *
 * @param managedInstancesProvider the configuration as ECS stores it (wire JSON)
 */
public record CapacityProviderState(
    String region,
    String cluster,
    String name,
    String arn,
    String status,
    String updateStatus,
    String updateStatusReason,
    ObjectNode managedInstancesProvider,
    Map<String, String> tags) {}
