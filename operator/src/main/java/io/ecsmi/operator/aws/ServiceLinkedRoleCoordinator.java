package io.ecsmi.operator.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account's {@code AWSServiceRoleForECSCompute} role, shared by every capacity provider: one
 * coordinator per AWS account, every decision under its lock.
 *
 * <ul>
 *   <li>{@link #ensure()}: GetRole, else CreateServiceLinkedRole, then wait (with backoff) until
 *       IAM shows it. The answer is cached, so N concurrent reconciles make one IAM call, and while
 *       waiting no caller calls IAM before the backoff has passed.
 *   <li>{@link #release}: "last one out". When no other holder still holds or wants a capacity
 *       provider, DeleteServiceLinkedRole once and follow the task. A FAILED task with a role usage
 *       list means resources outside the operator still use the role: it is kept.
 * </ul>
 *
 * The role may also vanish on its own (ECS deletes it after the last provider); {@link
 * #invalidate()} forgets the cached answer when ECS says it cannot use the role.
 */
public final class ServiceLinkedRoleCoordinator {

  /** What to do with the role once nothing uses it. */
  public enum Policy {
    DELETE_WHEN_UNUSED,
    RETAIN
  }

  /** The outcome of {@link #ensure()}. */
  public sealed interface RoleState {
    record Ready(String arn) implements RoleState {}

    /**
     * Not usable yet.
     *
     * @param created this call created the role (worth an Event)
     * @param roleName the role's name as IAM answered it
     */
    record Pending(
        String reason, String message, Duration retryAfter, boolean created, String roleName)
        implements RoleState {}

    record Failed(AwsFailure failure) implements RoleState {}
  }

  /** The outcome of {@link #release}. */
  public sealed interface Release {
    /** The role is gone (or deleting it is not this holder's business). */
    record Done(String reason, String message) implements Release {}

    /** Deletion was refused: AWS resources outside the operator still use the role. */
    record InUseElsewhere(String message, Map<String, List<String>> usage) implements Release {}

    record Pending(String message, Duration retryAfter) implements Release {}

    record Failed(AwsFailure failure) implements Release {}
  }

  private static final Duration CACHE = Duration.ofMinutes(15);
  private static final Duration RECREATE_AFTER = Duration.ofMinutes(1);
  private static final Duration FORGET_RELEASED = Duration.ofHours(1);

  private final ServiceLinkedRoles iam;
  private final Clock clock;
  private final Policy policy;

  // Guarded by this.
  private String roleName = ServiceLinkedRoles.ROLE_NAME;
  private boolean existedBefore;
  private String arn;
  private Instant verifiedAt;
  private Instant createdAt;
  private Instant nextCall = Instant.MIN;
  private int waits;
  private String deletionTask;
  private boolean deletedByUs;
  private final Map<String, Instant> released = new HashMap<>();

  public ServiceLinkedRoleCoordinator(ServiceLinkedRoles iam, Clock clock, Policy policy) {
    this.iam = iam;
    this.clock = clock;
    this.policy = policy;
  }

  public synchronized RoleState ensure() {
    Instant now = clock.instant();
    deletedByUs = false;
    if (deletionTask != null) {
      // A create during a deletion waits for it to finish, then creates the role again.
      if (now.isBefore(nextCall)) {
        return pendingDeletion(now);
      }
      try {
        if (deletionStillRunning(now)) {
          return pendingDeletion(now);
        }
      } catch (AwsCallException e) {
        return retryLater(now, e.failure());
      }
    }
    if (arn != null && now.isBefore(verifiedAt.plus(CACHE))) {
      return new RoleState.Ready(arn);
    }
    if (now.isBefore(nextCall)) {
      return waiting(now, false);
    }
    try {
      Optional<String> found = iam.arn(roleName);
      if (found.isPresent()) {
        arn = found.get();
        verifiedAt = now;
        waits = 0;
        nextCall = Instant.MIN;
        return new RoleState.Ready(arn);
      }
      arn = null;
      boolean created = false;
      if (createdAt == null || !now.isBefore(createdAt.plus(RECREATE_AFTER))) {
        ServiceLinkedRoles.Created answer = iam.create();
        // Names come from IAM's answer: other IAM implementations name the role differently.
        answer.roleName().ifPresent(name -> roleName = name);
        createdAt = now;
        created = answer.roleName().isPresent();
        existedBefore = !created;
      }
      nextCall = now.plus(Backoff.delay(Backoff.Track.IAM, ++waits));
      return waiting(now, created);
    } catch (AwsCallException e) {
      return retryLater(now, e.failure());
    }
  }

  /** Whether the role exists as last seen: empty before the first look. */
  public synchronized Optional<Boolean> present() {
    if (arn != null) {
      return Optional.of(true);
    }
    return deletedByUs || waits > 0 ? Optional.of(false) : Optional.empty();
  }

  /** ECS could not use the role: ask IAM again next time. */
  public synchronized void invalidate() {
    arn = null;
    verifiedAt = null;
  }

  /**
   * Called once {@code holder}'s capacity provider is confirmed gone. Deletes the role when no
   * holder in {@code otherHolders} still holds or wants one (holders already released do not
   * count).
   */
  public synchronized Release release(String holder, Collection<String> otherHolders) {
    Instant now = clock.instant();
    released.put(holder, now);
    released.values().removeIf(at -> at.isBefore(now.minus(FORGET_RELEASED)));
    if (policy == Policy.RETAIN) {
      return new Release.Done("RoleRetained", "serviceLinkedRolePolicy is Retain: the role stays");
    }
    long holding = otherHolders.stream().filter(h -> !released.containsKey(h)).count();
    if (holding > 0) {
      return new Release.Done(
          "RoleStillUsed", holding + " other CapacityProvider resource(s) still use the role");
    }
    try {
      if (deletionTask == null) {
        if (deletedByUs) {
          return new Release.Done("RoleDeleted", "the role was deleted");
        }
        Optional<String> task = iam.delete(roleName);
        if (task.isEmpty()) {
          deleted();
          return new Release.Done(
              "RoleGone",
              "the "
                  + roleName
                  + " role is already gone (ECS deletes it after the last Managed Instances"
                  + " capacity provider)");
        }
        deletionTask = task.get();
        waits = 1;
        nextCall = now.plus(Backoff.delay(Backoff.Track.IAM, waits));
        return new Release.Pending(
            "deleting the " + roleName + " role (task " + deletionTask + ")",
            Duration.between(now, nextCall));
      }
      if (now.isBefore(nextCall)) {
        return new Release.Pending(
            "waiting for the role deletion task", Duration.between(now, nextCall));
      }
      Optional<ServiceLinkedRoles.DeletionStatus> failed = Optional.empty();
      String state;
      Optional<ServiceLinkedRoles.DeletionStatus> status = iam.deletionStatus(deletionTask);
      if (status.isEmpty()) {
        // IAM forgot the task (a fast deletion): GetRole tells whether it worked.
        state = iam.arn(roleName).isPresent() ? "UNKNOWN" : "SUCCEEDED";
      } else {
        state = status.get().status();
        failed = status.filter(s -> "FAILED".equals(s.status()));
      }
      switch (state) {
        case "SUCCEEDED" -> {
          deletionTask = null;
          deleted();
          return new Release.Done("RoleDeleted", "deleted the " + roleName + " role");
        }
        case "FAILED" -> {
          deletionTask = null;
          var usage = failed.get().usage();
          return new Release.InUseElsewhere(
              "IAM refused to delete "
                  + roleName
                  + ": "
                  + failed.get().reason()
                  + " Still in use by: "
                  + usage,
              usage);
        }
        case "UNKNOWN" -> {
          deletionTask = null; // start over next time
          return new Release.Pending(
              "the role deletion task was lost; trying again", Duration.ofSeconds(1));
        }
        default -> {
          nextCall = now.plus(Backoff.delay(Backoff.Track.IAM, ++waits));
          return new Release.Pending(
              "role deletion task is " + state, Duration.between(now, nextCall));
        }
      }
    } catch (AwsCallException e) {
      if (!e.failure().retryable()) {
        return new Release.Failed(e.failure());
      }
      nextCall = now.plus(Backoff.delay(Backoff.Track.IAM, ++waits));
      return new Release.Pending(e.failure().describe(), Duration.between(now, nextCall));
    }
  }

  // ---- internals ------------------------------------------------------------------------------

  /** Polls the running deletion task; false once it finished, either way. */
  private boolean deletionStillRunning(Instant now) {
    String state =
        iam.deletionStatus(deletionTask)
            .map(ServiceLinkedRoles.DeletionStatus::status)
            .orElse("SUCCEEDED");
    if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
      deletionTask = null;
      forgetRole(); // a role we created earlier is gone: create it again at once
      nextCall = Instant.MIN;
      return false;
    }
    nextCall = now.plus(Backoff.delay(Backoff.Track.IAM, ++waits));
    return true;
  }

  private void deleted() {
    forgetRole();
    deletedByUs = true;
  }

  private void forgetRole() {
    arn = null;
    verifiedAt = null;
    createdAt = null;
    waits = 0;
  }

  private RoleState pendingDeletion(Instant now) {
    return new RoleState.Pending(
        "RoleDeletionInProgress",
        "the " + roleName + " role is being deleted; it is created again once that finishes",
        Duration.between(now, nextCall),
        false,
        roleName);
  }

  private RoleState waiting(Instant now, boolean created) {
    return new RoleState.Pending(
        "WaitingForIam",
        (existedBefore ? "IAM says it already has the " : "created the ")
            + roleName
            + " role; waiting for IAM to make it visible",
        Duration.between(now, nextCall),
        created,
        roleName);
  }

  private RoleState retryLater(Instant now, AwsFailure failure) {
    if (!failure.retryable()) {
      return new RoleState.Failed(failure);
    }
    nextCall = now.plus(Backoff.delay(Backoff.Track.IAM, ++waits));
    return new RoleState.Pending(
        "IamUnavailable", failure.describe(), Duration.between(now, nextCall), false, roleName);
  }
}
