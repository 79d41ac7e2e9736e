package io.ecsmi.emulator;

import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.ecsmi.emulator.iam.DeletionTask;
import io.ecsmi.emulator.iam.IamAccount;
import io.ecsmi.emulator.iam.ServiceLinkedRole;
import io.ecsmi.emulator.sts.AssumableRole;
import io.ecsmi.emulator.sts.TrustPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One account of an {@link AwsEmulator}, to set up and inspect: its clusters and capacity
 * providers, its service-linked role, and the roles others may assume into it with STS. The
 * emulator's own control methods act on its first account.
 */
public final class EmulatedAccount {

  private final AwsEmulator emulator;
  private final Account account;

  EmulatedAccount(AwsEmulator emulator, Account account) {
    this.emulator = emulator;
    this.account = account;
  }

  public String id() {
    return account.id;
  }

  /** Creates an ECS cluster (idempotent); returns its ARN. */
  public String createCluster(String region, String name) {
    return emulator.withEcs(account, ecs -> ecs.createCluster(region, name));
  }

  /** Every capacity provider of the account, INACTIVE ones still visible included. */
  public List<CapacityProviderState> providers() {
    return emulator.withEcs(account, ecs -> ecs.providers());
  }

  public Optional<CapacityProviderState> provider(String region, String name) {
    return emulator.withEcs(account, ecs -> ecs.provider(region, name));
  }

  public Map<String, List<String>> clusters() {
    return emulator.withEcs(account, ecs -> ecs.clusters());
  }

  /** The {@code aws} partition's service-linked role as IAM stores it. */
  public Optional<ServiceLinkedRole> role() {
    return iam(IamAccount::role);
  }

  /** The {@code aws} partition's role deletion tasks. */
  public List<DeletionTask> deletionTasks() {
    return iam(IamAccount::deletionTasks);
  }

  /** Puts the {@code aws} partition's service-linked role in place, visible at once. */
  public void seedRole() {
    iam(
        roles -> {
          roles.seedRole();
          return null;
        });
  }

  /** Removes the {@code aws} partition's service-linked role out of band (as ECS may). */
  public void removeRole() {
    iam(
        roles -> {
          roles.deleteRoleForEcs();
          return null;
        });
  }

  /**
   * Creates (or replaces) the IAM role {@code name} that others may assume with STS, with a maximum
   * session duration of one hour (IAM's default).
   *
   * @param trustPolicyJson who may assume it (see {@link TrustPolicy} for what is evaluated)
   * @param permissionsJson what its sessions may do (an identity-based policy); null for nothing
   * @return its ARN
   */
  public String createRole(String name, String trustPolicyJson, String permissionsJson) {
    return createRole(name, trustPolicyJson, permissionsJson, Duration.ofHours(1));
  }

  /** As above, with IAM's {@code MaxSessionDuration} (1 to 12 hours). */
  public String createRole(
      String name, String trustPolicyJson, String permissionsJson, Duration maxSessionDuration) {
    if (maxSessionDuration.compareTo(Duration.ofHours(1)) < 0
        || maxSessionDuration.compareTo(Duration.ofHours(12)) > 0) {
      throw new IllegalArgumentException("MaxSessionDuration is 1 to 12 hours");
    }
    TrustPolicy trust = TrustPolicy.parse(trustPolicyJson);
    if (permissionsJson != null) {
      io.ecsmi.emulator.iam.Policy.parse(permissionsJson); // refused now if not understood
    }
    String arn = Partition.AWS.arn("iam", "", account.id, "role/" + name);
    synchronized (emulator.lock()) {
      account.putRole(
          new AssumableRole(
              arn, trust, permissionsJson, maxSessionDuration, emulator.sts().roleId()));
    }
    return arn;
  }

  private <T> T iam(Function<IamAccount, T> work) {
    return emulator.withIam(account, Partition.AWS, work);
  }
}
