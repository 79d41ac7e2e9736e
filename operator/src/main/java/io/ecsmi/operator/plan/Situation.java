package io.ecsmi.operator.plan;

import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator.RoleState;
import java.util.Optional;

/**
 * What the operator knows when it plans a pass over one resource: the spec, what AWS holds, the
 * service-linked role and what status said before.
 *
 * @param observed the capacity provider ECS describes by the desired name (INACTIVE included), or
 *     empty when there is none
 * @param role the service-linked role's state (Full mode only; null otherwise)
 * @param generation the resource's metadata.generation
 * @param syncedGeneration the generation status last reported AWS in sync with (the observed
 *     generation of {@code CapacityProviderSynced=True}), or null when it never did
 * @param refusedRetryDue whether a retry of what AWS refused (UPDATE_FAILED, DELETE_FAILED) is due
 */
public record Situation(
    Desired desired,
    Optional<ObservedProvider> observed,
    RoleState role,
    long generation,
    Long syncedGeneration,
    boolean refusedRetryDue) {

  /** AWS matched this very spec at the last pass: a difference now was made outside Kubernetes. */
  boolean inSyncWithThisGeneration() {
    return syncedGeneration != null && syncedGeneration == generation;
  }

  /** The spec changed since status last said AWS matched it. */
  boolean editedSinceSync() {
    return syncedGeneration != null && syncedGeneration < generation;
  }
}
