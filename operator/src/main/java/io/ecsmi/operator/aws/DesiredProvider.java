package io.ecsmi.operator.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmi.operator.api.v1alpha1.ManagedInstancesProviderSpec;
import java.util.Map;

/**
 * The capacity provider as it should be in AWS: its key, its Managed Instances configuration and
 * every tag it should carry (the user's and the operator's ownership tags).
 */
public record DesiredProvider(
    ProviderKey key, ManagedInstancesProviderSpec configuration, Map<String, String> tags) {

  public DesiredProvider {
    tags = Map.copyOf(tags);
  }

  /** The configuration in the wire form of {@code managedInstancesProvider}. */
  public ObjectNode json() {
    return SpecMapper.json(configuration);
  }
}
