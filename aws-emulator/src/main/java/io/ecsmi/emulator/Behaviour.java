package io.ecsmi.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How the emulated account behaves: the delays of AWS's asynchronous state transitions and the
 * real-AWS side effects, each switchable. Immutable; derive variants with {@link #toBuilder()} or
 * {@link AwsEmulator#configure}.
 *
 * @param createDelay time a new capacity provider spends in PROVISIONING / CREATE_IN_PROGRESS; zero
 *     creates it ACTIVE / CREATE_COMPLETE at once
 * @param updateDelay time an update spends in UPDATE_IN_PROGRESS
 * @param deleteDelay time a deletion spends in DEPROVISIONING / DELETE_IN_PROGRESS
 * @param inactiveRetention how long a deleted (INACTIVE) provider stays visible to Describe
 * @param iamConsistencyDelay how long a newly created role stays invisible to GetRole and unusable
 *     by ECS (IAM is eventually consistent)
 * @param roleDeletionQueueDelay time a role deletion task spends in NOT_STARTED
 * @param roleDeletionDelay time a role deletion task spends in IN_PROGRESS
 * @param deletionTaskRetention how long a finished deletion task can still be read; after that
 *     GetServiceLinkedRoleDeletionStatus answers NoSuchEntity
 * @param ecsCreatesRole creating a Managed Instances provider creates the service-linked role when
 *     it is absent, as ECS does
 * @param ecsDeletesRole deleting the last Managed Instances provider in all regions deletes the
 *     service-linked role, as ECS does
 * @param ecsRoleCleanupDelay how long after the last provider is gone ECS deletes the role
 * @param requireRoleForCreate CreateCapacityProvider fails (ECS cannot assume the role) while the
 *     service-linked role does not exist or is not yet visible, unless ECS creates it itself
 * @param omittedOnUpdate what UpdateCapacityProvider does with the optional members a request
 *     leaves out of {@code managedInstancesProvider}: AWS does not document it, so both readings
 *     can be emulated (default {@link OmittedOnUpdate#RESET})
 * @param staleUpdateResponses a fault: UpdateCapacityProvider answers with the provider as it was
 *     before the update (configuration, status, updateStatus) while the stored state changes as
 *     usual, to prove that clients re-read; AWS's docs do not promise the answer is current
 */
public record Behaviour(
    Duration createDelay,
    Duration updateDelay,
    Duration deleteDelay,
    Duration inactiveRetention,
    Duration iamConsistencyDelay,
    Duration roleDeletionQueueDelay,
    Duration roleDeletionDelay,
    Duration deletionTaskRetention,
    boolean ecsCreatesRole,
    boolean ecsDeletesRole,
    Duration ecsRoleCleanupDelay,
    boolean requireRoleForCreate,
    OmittedOnUpdate omittedOnUpdate,
    boolean staleUpdateResponses) {

  /**
   * The two readings of UpdateCapacityProvider that AWS leaves open: its API reference and model
   * say only that changes apply to instances launched afterwards, never what happens to an optional
   * member the update omits (research ecs-semantics.md §2). The update form has no {@code
   * capacityOptionType} and no {@code fipsEnabled}: those create-only members are kept either way.
   */
  public enum OmittedOnUpdate {
    /**
     * The stored configuration becomes the request's: an omitted optional member is gone (ECS then
     * applies its default). {@code ec2InstanceProfileArn} and {@code networkConfiguration}, which
     * the stored (output) form requires, are kept when the update omits them.
     */
    RESET,
    /**
     * The request is deep-merged over the stored configuration: members it omits keep their stored
     * value, objects merge member by member, lists replace.
     */
    KEEP
  }

  public Behaviour {
    Objects.requireNonNull(omittedOnUpdate, "omittedOnUpdate must be set");
    for (Duration d :
        new Duration[] {
          createDelay,
          updateDelay,
          deleteDelay,
          inactiveRetention,
          iamConsistencyDelay,
          roleDeletionQueueDelay,
          roleDeletionDelay,
          deletionTaskRetention,
          ecsRoleCleanupDelay
        }) {
      if (Objects.requireNonNull(d, "durations must be set").isNegative()) {
        throw new IllegalArgumentException("durations must not be negative: " + d);
      }
    }
  }

  /**
   * Instant transitions and no ECS side effects on the role: the simplest world, for contract
   * tests. (ECS still refuses to create a provider while the role is missing.)
   */
  public static Behaviour instant() {
    return new Builder().build();
  }

  /** Delays and side effects in the shape AWS shows them, scaled down to seconds for the demo. */
  public static Behaviour realistic() {
    return new Builder()
        .createDelay(Duration.ofMillis(1500))
        .updateDelay(Duration.ofSeconds(2))
        .deleteDelay(Duration.ofSeconds(3))
        .iamConsistencyDelay(Duration.ofSeconds(2))
        .roleDeletionQueueDelay(Duration.ofMillis(500))
        .roleDeletionDelay(Duration.ofSeconds(1))
        .ecsCreatesRole(true)
        .ecsDeletesRole(true)
        .ecsRoleCleanupDelay(Duration.ofSeconds(20))
        .build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Fluent builder; starts from {@link #instant()}'s values. */
  public static final class Builder {
    private Duration createDelay = Duration.ZERO;
    private Duration updateDelay = Duration.ZERO;
    private Duration deleteDelay = Duration.ZERO;
    private Duration inactiveRetention = Duration.ofMinutes(10);
    private Duration iamConsistencyDelay = Duration.ZERO;
    private Duration roleDeletionQueueDelay = Duration.ZERO;
    private Duration roleDeletionDelay = Duration.ZERO;
    private Duration deletionTaskRetention = Duration.ofMinutes(10);
    private boolean ecsCreatesRole;
    private boolean ecsDeletesRole;
    private Duration ecsRoleCleanupDelay = Duration.ZERO;
    private boolean requireRoleForCreate = true;
    private OmittedOnUpdate omittedOnUpdate = OmittedOnUpdate.RESET;
    private boolean staleUpdateResponses;

    public Builder() {}

    private Builder(Behaviour b) {
      createDelay = b.createDelay;
      updateDelay = b.updateDelay;
      deleteDelay = b.deleteDelay;
      inactiveRetention = b.inactiveRetention;
      iamConsistencyDelay = b.iamConsistencyDelay;
      roleDeletionQueueDelay = b.roleDeletionQueueDelay;
      roleDeletionDelay = b.roleDeletionDelay;
      deletionTaskRetention = b.deletionTaskRetention;
      ecsCreatesRole = b.ecsCreatesRole;
      ecsDeletesRole = b.ecsDeletesRole;
      ecsRoleCleanupDelay = b.ecsRoleCleanupDelay;
      requireRoleForCreate = b.requireRoleForCreate;
      omittedOnUpdate = b.omittedOnUpdate;
      staleUpdateResponses = b.staleUpdateResponses;
    }

    public Builder createDelay(Duration value) {
      createDelay = value;
      return this;
    }

    public Builder updateDelay(Duration value) {
      updateDelay = value;
      return this;
    }

    public Builder deleteDelay(Duration value) {
      deleteDelay = value;
      return this;
    }

    public Builder inactiveRetention(Duration value) {
      inactiveRetention = value;
      return this;
    }

    public Builder iamConsistencyDelay(Duration value) {
      iamConsistencyDelay = value;
      return this;
    }

    public Builder roleDeletionQueueDelay(Duration value) {
      roleDeletionQueueDelay = value;
      return this;
    }

    public Builder roleDeletionDelay(Duration value) {
      roleDeletionDelay = value;
      return this;
    }

    public Builder deletionTaskRetention(Duration value) {
      deletionTaskRetention = value;
      return this;
    }

    public Builder ecsCreatesRole(boolean value) {
      ecsCreatesRole = value;
      return this;
    }

    public Builder ecsDeletesRole(boolean value) {
      ecsDeletesRole = value;
      return this;
    }

    public Builder ecsRoleCleanupDelay(Duration value) {
      ecsRoleCleanupDelay = value;
      return this;
    }

    public Builder requireRoleForCreate(boolean value) {
      requireRoleForCreate = value;
      return this;
    }

    public Builder omittedOnUpdate(OmittedOnUpdate value) {
      omittedOnUpdate = value;
      return this;
    }

    public Builder staleUpdateResponses(boolean value) {
      staleUpdateResponses = value;
      return this;
    }

    public Behaviour build() {
      return new Behaviour(
          createDelay,
          updateDelay,
          deleteDelay,
          inactiveRetention,
          iamConsistencyDelay,
          roleDeletionQueueDelay,
          roleDeletionDelay,
          deletionTaskRetention,
          ecsCreatesRole,
          ecsDeletesRole,
          ecsRoleCleanupDelay,
          requireRoleForCreate,
          omittedOnUpdate,
          staleUpdateResponses);
    }
  }
}
