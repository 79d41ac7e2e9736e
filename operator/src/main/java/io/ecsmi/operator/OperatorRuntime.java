package io.ecsmi.operator;

import io.ecsmi.operator.aws.AwsClients;
import io.ecsmi.operator.aws.CapacityProviders;
import io.ecsmi.operator.aws.IamServiceLinkedRoles;
import io.ecsmi.operator.aws.Partition;
import io.ecsmi.operator.aws.RequestQuotas;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinators;
import io.ecsmi.operator.config.OperatorConfig;
import io.ecsmi.operator.config.OperatorVersion;
import io.ecsmi.operator.observability.AwsCallMetrics;
import io.ecsmi.operator.observability.HttpEndpoints.Health;
import io.ecsmi.operator.observability.KubernetesEventRecorder;
import io.ecsmi.operator.observability.OperatorMetrics;
import io.ecsmi.operator.reconciler.CachedResource;
import io.ecsmi.operator.reconciler.CapacityProviderReconciler;
import io.ecsmi.operator.state.ClusterRoleHolders;
import io.ecsmi.operator.state.ConfigMapRoleLedger;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
  private final Leadership leadership;
  private final KubernetesEventRecorder events;
  private final Clock clock;

  private OperatorRuntime(
      OperatorConfig config,
      Operator operator,
      AwsClients aws,
      ExecutorService batcher,
      CapacityProviderReconciler reconciler,
      Leadership leadership,
      KubernetesEventRecorder events,
      Clock clock) {
    this.config = config;
    this.operator = operator;
    this.aws = aws;
    this.batcher = batcher;
    this.reconciler = reconciler;
    this.leadership = leadership;
    this.events = events;
    this.clock = clock;
  }

  /** Wires everything and registers the controller; {@link #start()} starts reconciling. */
  public static OperatorRuntime create(
      OperatorConfig config,
      KubernetesClient client,
      AwsClients.Settings awsSettings,
      MeterRegistry registry,
      Clock clock) {
    return create(config, client, awsSettings, registry, clock, Leadership.exitProcess());
  }

  /**
   * As above; {@code lostLeadership} runs when this replica loses the Lease while running (the
   * production wiring exits the process).
   */
  static OperatorRuntime create(
      OperatorConfig config,
      KubernetesClient client,
      AwsClients.Settings awsSettings,
      MeterRegistry registry,
      Clock clock,
      Runnable lostLeadership) {
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
    Leadership leadership = new Leadership(config, client, clock, lostLeadership);
    metrics.bindLeader(leadership::leading);
    metrics.bindBuildInfo(OperatorVersion.get());
    String stateNamespace = stateNamespace(config, client);
    AtomicReference<CapacityProviderReconciler> watched = new AtomicReference<>();
    var roles =
        new ServiceLinkedRoleCoordinators(
            partition ->
                new ServiceLinkedRoleCoordinator(
                    new IamServiceLinkedRoles(aws, partition),
                    new ConfigMapRoleLedger(client, stateNamespace, partition.id()),
                    new ClusterRoleHolders(
                        client, () -> watched.get().resources(), config, partition),
                    clock,
                    config.rolePolicy(),
                    config.naiveBaseline() ? Duration.ZERO : ServiceLinkedRoleCoordinator.CACHE),
            (partition, coordinator) ->
                metrics.bindRolePresence(partition.id(), coordinator::present));
    var events =
        new KubernetesEventRecorder(client, "ecs-mi-operator", config.identity(), clock, registry);
    var reconciler =
        new CapacityProviderReconciler(
            config,
            new CapacityProviders(
                aws,
                batcher,
                !config.naiveBaseline(),
                config.naiveBaseline() ? RequestQuotas.none() : RequestQuotas.ecs()),
            roles,
            events,
            metrics,
            leadership::leading,
            clock);
    watched.set(reconciler);
    // Only the leader exports the resource gauges: a dashboard's sum() counts each resource once.
    leadership.whenLeading(() -> metrics.bindResources(reconciler::resources));
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withReconciliationTerminationTimeout(config.shutdownTimeout())
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              if (leadership.enabled()) {
                o.withLeaderElectionConfiguration(leadership.configuration());
              }
            });
    operator.register(
        reconciler,
        c -> {
          if (!config.namespaces().isEmpty()) {
            c.settingNamespaces(config.namespaces());
          }
          config.labelSelector().ifPresent(c::withLabelSelector);
          c.withItemStore(new TransformingItemStore<>(CachedResource::trimmed));
        });
    return new OperatorRuntime(
        config, operator, aws, batcher, reconciler, leadership, events, clock);
  }

  /** --state-namespace, else the Lease's namespace, else the client's (its own) namespace. */
  private static String stateNamespace(OperatorConfig config, KubernetesClient client) {
    return config
        .stateNamespace()
        .or(() -> config.leadership().leaseNamespace())
        .or(() -> Optional.ofNullable(client.getConfiguration().getNamespace()))
        .orElse("default");
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
    if (!leadership.leading()) {
      return new Health(true, "standby (not the leader)");
    }
    return operator.getRuntimeInfo().allEventSourcesAreHealthy()
        ? new Health(true, "leading, informers healthy")
        : new Health(
            false, "unhealthy event sources: " + operator.getRuntimeInfo().unhealthyEventSources());
  }

  /**
   * Readiness: liveness, and on the leader a drift scanner that completed a scan within its last
   * three intervals. A standby replica is ready to take over.
   */
  public Health readiness() {
    Health live = liveness();
    if (!live.ok() || !leadership.leading() || reconciler.scannerHealthy(clock.instant())) {
      return live;
    }
    return new Health(
        false,
        "the drift scanner has not completed a scan in three resync intervals ("
            + config.resyncInterval()
            + " each)");
  }

  public boolean leading() {
    return leadership.leading();
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

  /**
   * Stops reconciling (in-flight reconciles get {@code shutdownTimeout} to finish), then releases
   * the Lease so a standby takes over at once.
   */
  @Override
  public void close() {
    leadership.stopping();
    operator.stop();
    leadership.release();
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
