package io.ecsmi.emulator.iam;

import io.ecsmi.emulator.AwsError;
import io.ecsmi.emulator.Behaviour;
import io.ecsmi.emulator.EmulatedTime;
import io.ecsmi.emulator.Partition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The IAM side of the emulated account in one partition: the ECS Compute service-linked role and
 * its deletion tasks. IAM is per partition: a role created through the aws-cn endpoint does not
 * exist in aws. Errors are the real ones (codes, HTTP statuses, messages).
 *
 * <p>Not thread-safe: the {@link io.ecsmi.emulator.AwsEmulator} calls it under the account lock.
 */
public final class IamAccount {

  private final Partition partition;
  private final String accountId;
  private final EmulatedTime time;
  private final Supplier<Behaviour> behaviour;
  private final Supplier<Map<String, List<String>>> roleUsage;
  private final Random random;
  private ServiceLinkedRole role;
  private final Map<String, DeletionTask> tasks = new LinkedHashMap<>();

  /**
   * @param roleUsage region to the ARNs of the Managed Instances capacity providers of this
   *     partition that still exist: what a deletion task finds using the role
   */
  public IamAccount(
      Partition partition,
      String accountId,
      EmulatedTime time,
      Supplier<Behaviour> behaviour,
      Supplier<Map<String, List<String>>> roleUsage,
      Random random) {
    this.partition = partition;
    this.accountId = accountId;
    this.time = time;
    this.behaviour = behaviour;
    this.roleUsage = roleUsage;
    this.random = random;
  }

  // ---- the API -------------------------------------------------------------------------------

  public ServiceLinkedRole getRole(String roleName) {
    required("roleName", roleName);
    Instant now = time.now();
    if (!ServiceLinkedRole.NAME.equals(roleName) || role == null || !role.visible(now)) {
      throw noSuchRole(roleName);
    }
    return role;
  }

  public ServiceLinkedRole createServiceLinkedRole(
      String serviceName, String description, String customSuffix) {
    required("aWSServiceName", serviceName);
    if (description != null && description.length() > 1000) {
      throw validation(
          "Value at 'description' failed to satisfy constraint: Member must have length less than"
              + " or equal to 1000");
    }
    if (!ServiceLinkedRole.SERVICE.equals(serviceName)) {
      throw AwsError.iam("InvalidInput", "Invalid ServiceName: " + serviceName, 400);
    }
    if (customSuffix != null) {
      throw AwsError.iam(
          "InvalidInput", "Custom suffix is not allowed for " + ServiceLinkedRole.SERVICE, 400);
    }
    if (role != null) {
      throw AwsError.iam(
          "InvalidInput",
          "Service role name "
              + ServiceLinkedRole.NAME
              + " has been taken in this account, please try a different suffix.",
          400);
    }
    return createRole();
  }

  public String deleteServiceLinkedRole(String roleName) {
    required("roleName", roleName);
    if (!ServiceLinkedRole.NAME.equals(roleName) || role == null) {
      throw noSuchRole(roleName);
    }
    Optional<DeletionTask> running = tasks.values().stream().filter(t -> !t.finished()).findFirst();
    if (running.isPresent()) {
      return running.get().id(); // IAM returns the same task while one is incomplete
    }
    String id =
        "task/aws-service-role/"
            + ServiceLinkedRole.SERVICE
            + "/"
            + ServiceLinkedRole.NAME
            + "/"
            + new UUID(random.nextLong(), random.nextLong());
    tasks.put(id, new DeletionTask(id, "NOT_STARTED", null, Map.of(), null));
    time.after(
        behaviour.get().roleDeletionQueueDelay(),
        () -> {
          tasks.computeIfPresent(id, (k, t) -> withStatus(t, "IN_PROGRESS"));
          time.after(behaviour.get().roleDeletionDelay(), () -> finishDeletion(id));
        });
    return id;
  }

  public DeletionTask getServiceLinkedRoleDeletionStatus(String taskId) {
    required("deletionTaskId", taskId);
    if (!taskId.startsWith("task/aws-service-role/")) {
      throw AwsError.iam("InvalidInput", "Invalid deletion task id: " + taskId, 400);
    }
    DeletionTask task = tasks.get(taskId);
    if (task == null) {
      throw AwsError.iam("NoSuchEntity", "Deletion task not found: " + taskId, 404);
    }
    return task;
  }

  // ---- what ECS and the control plane do ------------------------------------------------------

  /** True when the role exists and IAM has propagated it, so ECS can assume it. */
  public boolean roleUsable() {
    return role != null && role.visible(time.now());
  }

  public boolean roleExists() {
    return role != null;
  }

  /** ECS creates the role when the first Managed Instances provider is created. */
  public void ensureRoleForEcs() {
    if (role == null) {
      createRole();
    }
  }

  /** ECS deletes the role after the last Managed Instances provider is gone. */
  public void deleteRoleForEcs() {
    role = null;
  }

  /** Puts the role in place (visible at once), as if it had existed for a long time. */
  public void seedRole() {
    role = newRole(time.now());
  }

  public Optional<ServiceLinkedRole> role() {
    return Optional.ofNullable(role);
  }

  /** The ARN (with its path) of the role named {@code roleName}, when IAM stores it. */
  public Optional<String> roleArn(String roleName) {
    return role != null && role.roleName().equals(roleName)
        ? Optional.of(role.arn())
        : Optional.empty();
  }

  public Partition partition() {
    return partition;
  }

  public List<DeletionTask> deletionTasks() {
    return List.copyOf(tasks.values());
  }

  public void reset() {
    role = null;
    tasks.clear();
  }

  // ---- internals ------------------------------------------------------------------------------

  private ServiceLinkedRole createRole() {
    Instant now = time.now();
    role = newRole(now.plus(behaviour.get().iamConsistencyDelay()));
    return role;
  }

  private ServiceLinkedRole newRole(Instant visibleAt) {
    StringBuilder roleId = new StringBuilder("AROA");
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    for (int i = 0; i < 17; i++) {
      roleId.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return new ServiceLinkedRole(
        ServiceLinkedRole.NAME,
        roleId.toString(),
        partition.arn(
            "iam", "", accountId, "role" + ServiceLinkedRole.PATH + ServiceLinkedRole.NAME),
        ServiceLinkedRole.PATH,
        time.now(),
        visibleAt);
  }

  private void finishDeletion(String id) {
    Map<String, List<String>> usage = role == null ? Map.of() : roleUsage.get();
    Instant now = time.now();
    DeletionTask finished;
    if (usage.isEmpty()) {
      role = null;
      finished = new DeletionTask(id, "SUCCEEDED", null, Map.of(), now);
    } else {
      finished =
          new DeletionTask(
              id,
              "FAILED",
              "The service-linked role is in use by resources of "
                  + ServiceLinkedRole.SERVICE
                  + ". Delete those resources first.",
              usage,
              now);
    }
    tasks.put(id, finished);
    time.after(behaviour.get().deletionTaskRetention(), () -> tasks.remove(id));
  }

  private static DeletionTask withStatus(DeletionTask task, String status) {
    return new DeletionTask(task.id(), status, task.failureReason(), task.roleUsage(), null);
  }

  private static AwsError noSuchRole(String roleName) {
    return AwsError.iam(
        "NoSuchEntity", "The role with name " + roleName + " cannot be found.", 404);
  }

  private static void required(String member, String value) {
    if (value == null || value.isEmpty()) {
      throw validation(
          "1 validation error detected: Value null at '"
              + member
              + "' failed to satisfy constraint: Member must not be null");
    }
  }

  private static AwsError validation(String message) {
    return AwsError.iam("ValidationError", message, 400);
  }
}
