package io.ecsmi.operator.state;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.aws.Partition;
import io.ecsmi.operator.aws.RoleHolders;
import io.ecsmi.operator.config.OperatorConfig;
import io.ecsmi.operator.plan.Desired;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CapacityProvider resources of one partition, read from the API server when a role decision is
 * made: every namespace and every label, so that a replica sharded by namespace or label still
 * counts the resources it does not reconcile. Where RBAC forbids listing them all (the chart's
 * namespaced mode) it lists the watched namespaces one by one, and IAM's refusal to delete a role
 * in use (the deletion task FAILS with the providers that use it) guards the rest.
 */
public final class ClusterRoleHolders implements RoleHolders {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterRoleHolders.class);

  private final KubernetesClient client;
  private final Supplier<List<CapacityProvider>> watched;
  private final OperatorConfig config;
  private final Partition partition;
  private final AtomicBoolean warned = new AtomicBoolean();

  public ClusterRoleHolders(
      KubernetesClient client,
      Supplier<List<CapacityProvider>> watched,
      OperatorConfig config,
      Partition partition) {
    this.client = client;
    this.watched = watched;
    this.config = config;
    this.partition = partition;
  }

  @Override
  public Set<String> current() {
    return list().stream()
        .filter(cp -> cp.getSpec() != null)
        .filter(cp -> Desired.of(cp, config).partition().equals(Optional.of(partition)))
        .map(cp -> cp.getMetadata().getUid())
        .collect(Collectors.toUnmodifiableSet());
  }

  private List<CapacityProvider> list() {
    var resources = client.resources(CapacityProvider.class);
    try {
      return resources.inAnyNamespace().list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
    }
    if (warned.compareAndSet(false, true)) {
      LOG.info(
          "RBAC does not allow listing CapacityProviders in every namespace (HTTP 403): the"
              + " service-linked role's last-one-out counts the watched namespaces, and IAM"
              + " refuses to delete a role that capacity providers still use");
    }
    if (config.namespaces().isEmpty()) {
      return watched.get();
    }
    return config.namespaces().stream()
        .flatMap(ns -> resources.inNamespace(ns).list().getItems().stream())
        .toList();
  }
}
