package io.ecsmi.operator;

import io.ecsmi.operator.aws.AwsClients;
import io.ecsmi.operator.aws.CapacityProviders;
import io.ecsmi.operator.aws.IamServiceLinkedRoles;
import io.ecsmi.operator.aws.Partition;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinators;
import io.ecsmi.operator.config.OperatorConfig;
import io.ecsmi.operator.observability.AwsCallMetrics;
import io.ecsmi.operator.observability.HttpEndpoints.Health;
import io.ecsmi.operator.observability.KubernetesEventRecorder;
import io.ecsmi.operator.observability.OperatorMetrics;
import io.ecsmi.operator.reconciler.CapacityProviderReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the AWS clients, the coordinator, the reconciler and the JOSDK
 * operator from an {@link OperatorConfig}, the same way for the production main and for tests.
 */
public final class OperatorRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  private final OperatorConfig config;
  private final Operator operator;
  private final AwsClients aws;
  private final ExecutorService batcher;
  private final CapacityProviderReconciler reconciler;
  private final AtomicBoolean leading;
  private final KubernetesEventRecorder events;

  private OperatorRuntime(
      OperatorConfig config,
      Operator operator,
      AwsClients aws,
      ExecutorService batcher,
      CapacityProviderReconciler reconciler,
      AtomicBoolean leading,
      KubernetesEventRecorder events) {
    this.config = config;
    this.operator = operator;
    this.aws = aws;
    this.batcher = batcher;
    this.reconciler = reconciler;
    this.leading = leading;
    this.events = events;
  }

  /** Wires everything and registers the controller; {@link #start()} starts reconciling. */
  public static OperatorRuntime create(
      OperatorConfig config,
      KubernetesClient client,
      AwsClients.Settings awsSettings,
      MeterRegistry registry,
      Clock clock) {
    List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> interceptors =
        new ArrayList<>(awsSettings.interceptors());
    interceptors.add(new AwsCallMetrics(registry));
    AwsClients aws =
        new AwsClients(
            awsSettings
                .withEndpointOverride(config.awsEndpoint())
                .withRetryMode(config.awsRetryMode())
                .withInterceptors(interceptors));
    ExecutorService batcher =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "aws-describe");
              t.setDaemon(true);
              return t;
            });
    var metrics = new OperatorMetrics(registry);
    var roles =
        new ServiceLinkedRoleCoordinators(
            partition -> new IamServiceLinkedRoles(aws, partition),
            clock,
            config.rolePolicy(),
            (partition, coordinator) ->
                metrics.bindRolePresence(partition.id(), coordinator::present));
    var events =
        new KubernetesEventRecorder(client, "ecs-mi-operator", config.identity(), clock, registry);
    var reconciler =
        new CapacityProviderReconciler(
            config, new CapacityProviders(aws, batcher), roles, events, metrics, clock);
    metrics.bindResources(reconciler::resources);
    AtomicBoolean leading = new AtomicBoolean(!config.leadership().enabled());
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withReconciliationTerminationTimeout(config.shutdownTimeout())
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              if (config.leadership().enabled()) {
                o.withLeaderElectionConfiguration(leaderElection(config, leading));
              }
            });
    operator.register(
        reconciler,
        c -> {
          if (!config.namespaces().isEmpty()) {
            c.settingNamespaces(config.namespaces());
          }
          config.labelSelector().ifPresent(c::withLabelSelector);
        });
    return new OperatorRuntime(config, operator, aws, batcher, reconciler, leading, events);
  }

  private static io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration leaderElection(
      OperatorConfig config, AtomicBoolean leading) {
    Duration lease = config.leadership().leaseDuration();
    var builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                config.leadership().leaseName())
            .withIdentity(config.identity())
            .withLeaseDuration(lease)
            .withRenewDeadline(lease.multipliedBy(2).dividedBy(3))
            .withRetryPeriod(lease.dividedBy(7))
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    () -> {
                      leading.set(true);
                      LOG.info("{} is now the leader: reconciling", config.identity());
                    },
                    () -> leading.set(false),
                    leader -> LOG.info("the leader is {}", leader)));
    config.leadership().leaseNamespace().ifPresent(builder::withLeaseNamespace);
    return builder.build();
  }

  public OperatorRuntime start() {
    // Build the AWS clients (class loading, HTTP client) while the informers start, not in the
    // first reconcile. No AWS call is made.
    Thread warmUp =
        new Thread(
            () -> {
              Partition.of(config.region()).ifPresent(aws::iam);
              aws.ecs(config.region());
            },
            "aws-client-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    operator.start();
    return this;
  }

  /** Liveness: started, and (when leading) every event source healthy. A standby is alive. */
  public Health liveness() {
    if (!operator.getRuntimeInfo().isStarted()) {
      return new Health(false, "starting");
    }
    if (!leading.get()) {
      return new Health(true, "standby (not the leader)");
    }
    return operator.getRuntimeInfo().allEventSourcesAreHealthy()
        ? new Health(true, "leading, informers healthy")
        : new Health(
            false, "unhealthy event sources: " + operator.getRuntimeInfo().unhealthyEventSources());
  }

  /** Readiness: the same as liveness; a standby replica is ready to take over. */
  public Health readiness() {
    return liveness();
  }

  public boolean leading() {
    return leading.get();
  }

  public Operator operator() {
    return operator;
  }

  public CapacityProviderReconciler reconciler() {
    return reconciler;
  }

  public OperatorConfig config() {
    return config;
  }

  /** Stops reconciling; in-flight reconciles get {@code shutdownTimeout} to finish. */
  @Override
  public void close() {
    operator.stop();
    events.close(); // after the last reconcile: writes what it queued, for at most 2 s
    batcher.shutdownNow();
    try {
      batcher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    aws.close();
  }
}
