package io.ecsmi.operator.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateServiceLinkedRoleResponse;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetServiceLinkedRoleDeletionStatusResponse;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** {@link ServiceLinkedRoles} through the IAM API of one partition. */
public final class IamServiceLinkedRoles implements ServiceLinkedRoles {

  private final AwsClients clients;
  private final Partition partition;

  public IamServiceLinkedRoles(AwsClients clients, Partition partition) {
    this.clients = clients;
    this.partition = partition;
  }

  @Override
  public Optional<String> arn(String roleName) {
    return AwsCallException.call(
        "GetRole",
        () -> {
          try {
            return Optional.of(iam().getRole(r -> r.roleName(roleName)).role().arn());
          } catch (NoSuchEntityException e) {
            return Optional.empty();
          }
        });
  }

  @Override
  public Created create() {
    return AwsCallException.call(
        "CreateServiceLinkedRole",
        () -> {
          try {
            CreateServiceLinkedRoleResponse response =
                iam()
                    .createServiceLinkedRole(
                        r ->
                            r.awsServiceName(SERVICE)
                                .description(
                                    "Lets Amazon ECS manage the instances of Managed Instances"
                                        + " capacity providers (created by the ECS Managed"
                                        + " Instances Operator)"));
            return response.role() == null
                ? Created.alreadyExisted()
                : new Created(
                    Optional.ofNullable(response.role().roleName()),
                    Optional.ofNullable(response.role().arn()));
          } catch (EntityAlreadyExistsException e) {
            return Created.alreadyExisted(); // IAM's modeled "already exists" (HTTP 409)
          } catch (InvalidInputException e) {
            // Real IAM: InvalidInput "Service role name ... has been taken in this account".
            if (e.getMessage() != null && e.getMessage().contains("has been taken")) {
              return Created.alreadyExisted();
            }
            throw e;
          }
        });
  }

  @Override
  public Optional<String> delete(String roleName) {
    return AwsCallException.call(
        "DeleteServiceLinkedRole",
        () -> {
          try {
            return Optional.of(
                iam().deleteServiceLinkedRole(r -> r.roleName(roleName)).deletionTaskId());
          } catch (NoSuchEntityException e) {
            return Optional.empty();
          }
        });
  }

  @Override
  public Optional<DeletionStatus> deletionStatus(String taskId) {
    return AwsCallException.call(
        "GetServiceLinkedRoleDeletionStatus",
        () -> {
          try {
            GetServiceLinkedRoleDeletionStatusResponse r =
                iam().getServiceLinkedRoleDeletionStatus(s -> s.deletionTaskId(taskId));
            Map<String, List<String>> usage = new LinkedHashMap<>();
            if (r.reason() != null) {
              r.reason()
                  .roleUsageList()
                  .forEach(u -> usage.put(u.region(), List.copyOf(u.resources())));
            }
            return Optional.of(
                new DeletionStatus(
                    r.statusAsString(), r.reason() == null ? null : r.reason().reason(), usage));
          } catch (NoSuchEntityException e) {
            return Optional.empty();
          }
        });
  }

  private IamClient iam() {
    return clients.iam(partition);
  }
}
