package io.ecsmi.operator.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.model.GetServiceLinkedRoleDeletionStatusResponse;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** {@link ServiceLinkedRoles} through the IAM API. */
public final class IamServiceLinkedRoles implements ServiceLinkedRoles {

  private final AwsClients clients;

  public IamServiceLinkedRoles(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public Optional<String> arn() {
    return AwsCallException.call(
        "GetRole",
        () -> {
          try {
            return Optional.of(clients.iam().getRole(r -> r.roleName(ROLE_NAME)).role().arn());
          } catch (NoSuchEntityException e) {
            return Optional.empty();
          }
        });
  }

  @Override
  public void create() {
    AwsCallException.call(
        "CreateServiceLinkedRole",
        () -> {
          try {
            clients
                .iam()
                .createServiceLinkedRole(
                    r ->
                        r.awsServiceName(SERVICE)
                            .description(
                                "Lets Amazon ECS manage the instances of Managed Instances capacity"
                                    + " providers (created by the ECS Managed Instances Operator)"));
          } catch (InvalidInputException e) {
            if (e.getMessage() == null || !e.getMessage().contains("has been taken")) {
              throw e;
            }
          }
          return null;
        });
  }

  @Override
  public Optional<String> delete() {
    return AwsCallException.call(
        "DeleteServiceLinkedRole",
        () -> {
          try {
            return Optional.of(
                clients.iam().deleteServiceLinkedRole(r -> r.roleName(ROLE_NAME)).deletionTaskId());
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
                clients.iam().getServiceLinkedRoleDeletionStatus(s -> s.deletionTaskId(taskId));
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
}
