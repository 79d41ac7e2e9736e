package io.ecsmi.operator.config;

import io.ecsmi.operator.api.v1alpha1.DeletionPolicy;
import io.ecsmi.operator.aws.Backoff;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.retry.RetryMode;

/**
 * The operator's configuration, typed: the one place it is defined. {@link OperatorCommand} builds
 * it from flags and environment variables; tests and embedders start from {@link #builder}.
 *
 * @param region the AWS region of resources that do not set spec.region
 * @param awsEndpoint an endpoint override for ECS and IAM (emulator, VPC endpoints)
 * @param awsRetryMode the AWS SDK retry mode (standard or adaptive)
 * @param namespaces the namespaces watched; empty for all
 * @param labelSelector only resources with these labels (sharding), or empty
 * @param resyncInterval how often AWS is compared with every spec to find drift
 * @param stalledRetryInterval how long a Stalled resource first waits before the operator looks
 *     again (doubling up to six times it; a change of the resource looks at once)
 * @param reconcileThreads reconciles of different resources that run at once
 * @param clusterId names this Kubernetes cluster in the ownership tags
 * @param rolePolicy what happens to the service-linked role once nothing uses it
 * @param defaultDeletionPolicy for resources that do not set spec.deletionPolicy
 * @param identity this replica's name (lease holder, Events' reporting instance)
 * @param shutdownTimeout how long in-flight reconciles may finish after SIGTERM
 * @param stateNamespace where the operator keeps decisions that must survive a restart (a
 *     ConfigMap); empty: the Lease's namespace, else the operator's own
 * @param naiveBaseline the benchmark's baseline, never for production: a describe per resource (no
 *     batching), GetRole on every reconcile (no role cache), and every resource polled on its own
 *     each resync instead of the drift scan
 */
public record OperatorConfig(
    String region,
    Optional<URI> awsEndpoint,
    RetryMode awsRetryMode,
    Set<String> namespaces,
    Optional<String> labelSelector,
    Duration resyncInterval,
    Duration stalledRetryInterval,
    int reconcileThreads,
    String clusterId,
    ServiceLinkedRoleCoordinator.Policy rolePolicy,
    DeletionPolicy defaultDeletionPolicy,
    String identity,
    Duration shutdownTimeout,
    Leadership leadership,
    int httpPort,
    Logging logging,
    Optional<String> stateNamespace,
    boolean naiveBaseline) {

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
    return builder(region).build();
  }

  /** A builder holding the defaults, for {@code region}. */
  public static Builder builder(String region) {
    return new Builder(region);
  }

  /** Builds a configuration by name rather than by the position of fifteen values. */
  public static final class Builder {
    private String region;
    private Optional<URI> awsEndpoint = Optional.empty();
    private RetryMode awsRetryMode = RetryMode.STANDARD;
    private Set<String> namespaces = Set.of();
    private Optional<String> labelSelector = Optional.empty();
    private Duration resyncInterval = Duration.ofMinutes(5);
    private Duration stalledRetryInterval = Backoff.DEFAULT_STALLED_RETRY;
    private int reconcileThreads = 10;
    private String clusterId = "kubernetes";
    private ServiceLinkedRoleCoordinator.Policy rolePolicy =
        ServiceLinkedRoleCoordinator.Policy.DELETE_WHEN_UNUSED;
    private DeletionPolicy defaultDeletionPolicy = DeletionPolicy.DELETE;
    private String identity = "ecs-mi-operator";
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Leadership leadership =
        new Leadership(false, "ecs-mi-operator", Optional.empty(), Duration.ofSeconds(15));
    private int httpPort = 8080;
    private Logging logging = new Logging(LogFormat.TEXT, "INFO");
    private Optional<String> stateNamespace = Optional.empty();
    private boolean naiveBaseline;

    private Builder(String region) {
      this.region = region;
    }

    public Builder awsEndpoint(Optional<URI> value) {
      awsEndpoint = value;
      return this;
    }

    public Builder awsEndpoint(URI value) {
      return awsEndpoint(Optional.of(value));
    }

    public Builder awsRetryMode(RetryMode value) {
      awsRetryMode = value;
      return this;
    }

    public Builder namespaces(Set<String> value) {
      namespaces = Set.copyOf(value);
      return this;
    }

    public Builder labelSelector(Optional<String> value) {
      labelSelector = value;
      return this;
    }

    public Builder resyncInterval(Duration value) {
      resyncInterval = value;
      return this;
    }

    public Builder stalledRetryInterval(Duration value) {
      stalledRetryInterval = value;
      return this;
    }

    public Builder reconcileThreads(int value) {
      reconcileThreads = value;
      return this;
    }

    public Builder clusterId(String value) {
      clusterId = value;
      return this;
    }

    public Builder rolePolicy(ServiceLinkedRoleCoordinator.Policy value) {
      rolePolicy = value;
      return this;
    }

    public Builder defaultDeletionPolicy(DeletionPolicy value) {
      defaultDeletionPolicy = value;
      return this;
    }

    public Builder identity(String value) {
      identity = value;
      return this;
    }

    public Builder shutdownTimeout(Duration value) {
      shutdownTimeout = value;
      return this;
    }

    public Builder leadership(Leadership value) {
      leadership = value;
      return this;
    }

    public Builder httpPort(int value) {
      httpPort = value;
      return this;
    }

    public Builder logging(Logging value) {
      logging = value;
      return this;
    }

    public Builder stateNamespace(Optional<String> value) {
      stateNamespace = value;
      return this;
    }

    public Builder naiveBaseline(boolean value) {
      naiveBaseline = value;
      return this;
    }

    public OperatorConfig build() {
      return new OperatorConfig(
          region,
          awsEndpoint,
          awsRetryMode,
          namespaces,
          labelSelector,
          resyncInterval,
          stalledRetryInterval,
          reconcileThreads,
          clusterId,
          rolePolicy,
          defaultDeletionPolicy,
          identity,
          shutdownTimeout,
          leadership,
          httpPort,
          logging,
          stateNamespace,
          naiveBaseline);
    }
  }
}
