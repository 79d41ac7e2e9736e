package io.ecsmi.operator.aws;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

  public ServiceLinkedRoleCoordinators(
      Function<Partition, ServiceLinkedRoles> iam,
      Clock clock,
      ServiceLinkedRoleCoordinator.Policy policy) {
    this.iam = iam;
    this.clock = clock;
    this.policy = policy;
  }

  public ServiceLinkedRoleCoordinator of(Partition partition) {
    return byPartition.computeIfAbsent(
        partition, p -> new ServiceLinkedRoleCoordinator(iam.apply(p), clock, policy));
  }

  /** Whether the role of {@code partition} exists as last seen; empty before the first look. */
  public Optional<Boolean> present(Partition partition) {
    ServiceLinkedRoleCoordinator coordinator = byPartition.get(partition);
    return coordinator == null ? Optional.empty() : coordinator.present();
  }
}
