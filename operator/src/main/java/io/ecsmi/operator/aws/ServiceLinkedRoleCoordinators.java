package io.ecsmi.operator.aws;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One {@link ServiceLinkedRoleCoordinator} per partition: the role lives in an account, and an
 * account belongs to exactly one partition, so a resource in cn-north-1 needs the role of the
 * aws-cn account, not that of the aws one. Made on first use.
 */
public final class ServiceLinkedRoleCoordinators {

  private final Map<Partition, ServiceLinkedRoleCoordinator> byPartition =
      new ConcurrentHashMap<>();
  private final Function<Partition, ServiceLinkedRoles> iam;
  private final Clock clock;
  private final ServiceLinkedRoleCoordinator.Policy policy;
  private final BiConsumer<Partition, ServiceLinkedRoleCoordinator> started;

  /**
   * @param started told of each partition whose coordinator is made (to export its metrics)
   */
  public ServiceLinkedRoleCoordinators(
      Function<Partition, ServiceLinkedRoles> iam,
      Clock clock,
      ServiceLinkedRoleCoordinator.Policy policy,
      BiConsumer<Partition, ServiceLinkedRoleCoordinator> started) {
    this.iam = iam;
    this.clock = clock;
    this.policy = policy;
    this.started = started;
  }

  public ServiceLinkedRoleCoordinator of(Partition partition) {
    ServiceLinkedRoleCoordinator existing = byPartition.get(partition);
    if (existing != null) {
      return existing;
    }
    ServiceLinkedRoleCoordinator made =
        byPartition.computeIfAbsent(
            partition, p -> new ServiceLinkedRoleCoordinator(iam.apply(p), clock, policy));
    started.accept(partition, made);
    return made;
  }
}
