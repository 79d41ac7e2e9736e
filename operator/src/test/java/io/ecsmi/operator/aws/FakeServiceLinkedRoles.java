package io.ecsmi.operator.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** IAM in memory, with scripted visibility and deletion outcomes, counting every call. */
final class FakeServiceLinkedRoles implements ServiceLinkedRoles {

  static final String ARN =
      "arn:aws:iam::123456789012:role/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute";
  static final String TASK =
      "task/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute/1";

  final AtomicInteger gets = new AtomicInteger();
  final AtomicInteger creates = new AtomicInteger();
  final AtomicInteger deletes = new AtomicInteger();
  final AtomicInteger tasksStarted = new AtomicInteger();
  final AtomicInteger statuses = new AtomicInteger();

  volatile boolean exists;

  /** GetRole answers NoSuchEntity this many more times after a create (IAM consistency). */
  volatile int invisibleGets;

  /** The states the deletion task reports, one per status call; the last repeats. */
  volatile List<String> deletionStates = List.of("SUCCEEDED");

  volatile Map<String, List<String>> usage = Map.of();

  /** The status call answers NoSuchEntity (IAM forgot a finished task). */
  volatile boolean forgetsTasks;

  /** The name IAM gives the role on create (other IAM implementations name it differently). */
  volatile String createdName = ROLE_NAME;

  /** Runs inside every GetRole, e.g. to make it slow. */
  volatile Runnable onGet = () -> {};

  /** Runs as DeleteServiceLinkedRole is sent, before IAM answers. */
  volatile Runnable onDelete = () -> {};

  final List<String> namesAsked = new CopyOnWriteArrayList<>();

  private final List<String> remaining = new ArrayList<>();
  private boolean taskRunning;

  @Override
  public Optional<String> arn(String roleName) {
    gets.incrementAndGet();
    namesAsked.add(roleName);
    onGet.run();
    if (!exists || !roleName.equals(createdName)) {
      return Optional.empty();
    }
    if (invisibleGets > 0) {
      invisibleGets--;
      return Optional.empty();
    }
    return Optional.of(ARN);
  }

  @Override
  public Created create() {
    creates.incrementAndGet();
    if (exists) {
      return Created.alreadyExisted();
    }
    exists = true;
    return new Created(Optional.of(createdName), Optional.of(ARN));
  }

  /** As IAM: a delete while a task is incomplete answers that task again. */
  @Override
  public Optional<String> delete(String roleName) {
    deletes.incrementAndGet();
    onDelete.run();
    return deleteNow(roleName);
  }

  private synchronized Optional<String> deleteNow(String roleName) {
    namesAsked.add(roleName);
    if (!exists) {
      return Optional.empty();
    }
    if (!taskRunning) {
      taskRunning = true;
      tasksStarted.incrementAndGet();
      remaining.clear();
      remaining.addAll(deletionStates);
    }
    return Optional.of(TASK);
  }

  @Override
  public synchronized Optional<DeletionStatus> deletionStatus(String taskId) {
    statuses.incrementAndGet();
    String state = remaining.size() > 1 ? remaining.remove(0) : remaining.get(0);
    if (state.equals("SUCCEEDED")) {
      exists = false;
    }
    if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
      taskRunning = false;
    }
    if (forgetsTasks && !state.equals("IN_PROGRESS") && !state.equals("NOT_STARTED")) {
      return Optional.empty();
    }
    return Optional.of(
        new DeletionStatus(
            state,
            state.equals("FAILED") ? "in use" : null,
            state.equals("FAILED") ? usage : Map.of()));
  }
}
