package io.ecsmi.operator.config;

import io.ecsmi.operator.api.v1alpha1.DeletionPolicy;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.retry.RetryMode;

/**
 * The operator's configuration, typed: the one place it is defined. {@link OperatorCommand} builds
 * it from flags and environment variables; tests build it with {@link #defaults}.
 *
 * @param region the AWS region of resources that do not set spec.region
 * @param awsEndpoint an endpoint override for ECS and IAM (emulator, VPC endpoints)
 * @param awsRetryMode the AWS SDK retry mode (standard or adaptive)
 * @param namespaces the namespaces watched; empty for all
 * @param labelSelector only resources with these labels (sharding), or empty
 * @param resyncInterval how often AWS is compared with every spec to find drift
 * @param reconcileThreads reconciles of different resources that run at once
 * @param clusterId names this Kubernetes cluster in the ownership tags
 * @param rolePolicy what happens to the service-linked role once nothing uses it
 * @param defaultDeletionPolicy for resources that do not set spec.deletionPolicy
 * @param identity this replica's name (lease holder, Events' reporting instance)
 * @param shutdownTimeout how long in-flight reconciles may finish after SIGTERM
 */
public record OperatorConfig(
    String region,
    Optional<URI> awsEndpoint,
    RetryMode awsRetryMode,
    Set<String> namespaces,
    Optional<String> labelSelector,
    Duration resyncInterval,
    int reconcileThreads,
    String clusterId,
    ServiceLinkedRoleCoordinator.Policy rolePolicy,
    DeletionPolicy defaultDeletionPolicy,
    String identity,
    Duration shutdownTimeout,
    Leadership leadership,
    int httpPort,
    Logging logging) {

  /** Leader election with a Lease, so only one replica reconciles. */
  public record Leadership(
      boolean enabled, String leaseName, Optional<String> leaseNamespace, Duration leaseDuration) {}

  /** Log format and level. */
  public record Logging(LogFormat format, String level) {}

  /** How log lines are written. */
  public enum LogFormat {
    TEXT,
    JSON
  }

  /** Defaults for tests and embedding; the command line starts from the same values. */
  public static OperatorConfig defaults(String region) {
    return new OperatorConfig(
        region,
        Optional.empty(),
        RetryMode.STANDARD,
        Set.of(),
        Optional.empty(),
        Duration.ofMinutes(5),
        10,
        "kubernetes",
        ServiceLinkedRoleCoordinator.Policy.DELETE_WHEN_UNUSED,
        DeletionPolicy.DELETE,
        "ecs-mi-operator",
        Duration.ofSeconds(30),
        new Leadership(false, "ecs-mi-operator", Optional.empty(), Duration.ofSeconds(15)),
        8080,
        new Logging(LogFormat.TEXT, "INFO"));
  }

  public OperatorConfig withAwsEndpoint(URI endpoint) {
    return new OperatorConfig(
        region,
        Optional.of(endpoint),
        awsRetryMode,
        namespaces,
        labelSelector,
        resyncInterval,
        reconcileThreads,
        clusterId,
        rolePolicy,
        defaultDeletionPolicy,
        identity,
        shutdownTimeout,
        leadership,
        httpPort,
        logging);
  }

  public OperatorConfig withResyncInterval(Duration value) {
    return new OperatorConfig(
        region,
        awsEndpoint,
        awsRetryMode,
        namespaces,
        labelSelector,
        value,
        reconcileThreads,
        clusterId,
        rolePolicy,
        defaultDeletionPolicy,
        identity,
        shutdownTimeout,
        leadership,
        httpPort,
        logging);
  }

  public OperatorConfig withRolePolicy(ServiceLinkedRoleCoordinator.Policy value) {
    return new OperatorConfig(
        region,
        awsEndpoint,
        awsRetryMode,
        namespaces,
        labelSelector,
        resyncInterval,
        reconcileThreads,
        clusterId,
        value,
        defaultDeletionPolicy,
        identity,
        shutdownTimeout,
        leadership,
        httpPort,
        logging);
  }

  public OperatorConfig withNamespaces(Set<String> value) {
    return new OperatorConfig(
        region,
        awsEndpoint,
        awsRetryMode,
        Set.copyOf(value),
        labelSelector,
        resyncInterval,
        reconcileThreads,
        clusterId,
        rolePolicy,
        defaultDeletionPolicy,
        identity,
        shutdownTimeout,
        leadership,
        httpPort,
        logging);
  }
}
