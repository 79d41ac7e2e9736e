package io.ecsmi.operator.aws;

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
  private final Function<Partition, ServiceLinkedRoleCoordinator> make;
  private final BiConsumer<Partition, ServiceLinkedRoleCoordinator> started;

  /**
   * @param make builds a partition's coordinator (its IAM client, ledger and holders)
   * @param started told of each partition whose coordinator is made (to export its metrics)
   */
  public ServiceLinkedRoleCoordinators(
      Function<Partition, ServiceLinkedRoleCoordinator> make,
      BiConsumer<Partition, ServiceLinkedRoleCoordinator> started) {
    this.make = make;
    this.started = started;
  }

  public ServiceLinkedRoleCoordinator of(Partition partition) {
    ServiceLinkedRoleCoordinator existing = byPartition.get(partition);
    if (existing != null) {
      return existing;
    }
    ServiceLinkedRoleCoordinator made = byPartition.computeIfAbsent(partition, make);
    started.accept(partition, made);
    return made;
  }
}
