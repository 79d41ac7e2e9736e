package io.ecsmi.emulator;

import io.ecsmi.emulator.ecs.EcsAccount;
import io.ecsmi.emulator.iam.IamAccount;
import io.ecsmi.emulator.sts.AssumableRole;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One AWS account of the emulator: its IAM per partition (the service-linked role and its deletion
 * tasks), its ECS, and the roles others may assume into it with STS. Not thread-safe: the emulator
 * calls it under its lock.
 */
final class Account {

  final String id;
  final Map<Partition, IamAccount> iam = new EnumMap<>(Partition.class);
  final EcsAccount ecs;
  private final Map<String, AssumableRole> roles = new TreeMap<>();

  Account(String id, EmulatedTime time, Supplier<Behaviour> behaviour, Random random) {
    this.id = id;
    // The two services share the account: ECS creates and deletes the role of a provider's
    // partition, IAM's deletion task looks for the partition's providers that still use it.
    EcsAccount[] ecsRef = new EcsAccount[1];
    for (Partition partition : Partition.values()) {
      iam.put(
          partition,
          new IamAccount(
              partition, id, time, behaviour, () -> ecsRef[0].liveProviderArns(partition), random));
    }
    this.ecs = new EcsAccount(id, time, behaviour, iam::get);
    ecsRef[0] = ecs;
  }

  void putRole(AssumableRole role) {
    roles.put(role.name(), role);
  }

  /** The role named by {@code arn} in this account (any partition's ARN of it). */
  Optional<AssumableRole> role(String arn) {
    return Optional.ofNullable(roles.get(AssumableRole.nameOf(arn)))
        .filter(r -> AssumableRole.accountOf(arn).equals(id));
  }

  void reset() {
    ecs.reset();
    iam.values().forEach(IamAccount::reset);
    roles.clear();
  }
}
