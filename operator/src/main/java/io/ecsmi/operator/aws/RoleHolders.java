package io.ecsmi.operator.aws;

import java.util.Set;

/**
 * Who may still need a partition's service-linked role: the CapacityProvider resources there, read
 * at the moment of a decision (not from a cache that may lag), across every shard the operator's
 * permissions let it see.
 */
public interface RoleHolders {

  /** The UIDs of the resources that hold or may want a capacity provider in the partition. */
  Set<String> current();
}
