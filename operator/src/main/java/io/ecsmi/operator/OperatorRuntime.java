package io.ecsmi.operator;

import io.ecsmi.operator.aws.AwsClients;
import io.ecsmi.operator.aws.CapacityProviders;
import io.ecsmi.operator.aws.IamServiceLinkedRoles;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator;
import io.ecsmi.operator.config.OperatorConfig;
import io.ecsmi.operator.observability.KubernetesEventRecorder;
import io.ecsmi.operator.observability.OperatorMetrics;
import io.ecsmi.operator.reconciler.CapacityProviderReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: builds the AWS clients, the coordinator, the reconciler and the JOSDK
 * operator from an {@link OperatorConfig}, the same way for the production main and for tests.
 */
public final class OperatorRuntime implements AutoCloseable {

  private final Operator operator;
  private final AwsClients aws;
  private final ExecutorService batcher;
  private final CapacityProviderReconciler reconciler;

  private OperatorRuntime(
      Operator operator,
      AwsClients aws,
      ExecutorService batcher,
      CapacityProviderReconciler reconciler) {
    this.operator = operator;
    this.aws = aws;
    this.batcher = batcher;
    this.reconciler = reconciler;
  }

  /** Wires everything and registers the controller; {@link #start()} starts reconciling. */
  public static OperatorRuntime create(
      OperatorConfig config,
      KubernetesClient client,
      AwsClients.Settings awsSettings,
      MeterRegistry registry,
      String identity,
      Clock clock) {
    AwsClients aws =
        new AwsClients(
            awsSettings
                .withEndpointOverride(config.awsEndpoint())
                .withRetryMode(config.awsRetryMode()));
    ExecutorService batcher =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "aws-describe");
              t.setDaemon(true);
              return t;
            });
    var reconciler =
        new CapacityProviderReconciler(
            config,
            new CapacityProviders(aws, batcher),
            new ServiceLinkedRoleCoordinator(
                new IamServiceLinkedRoles(aws), clock, config.rolePolicy()),
            new KubernetesEventRecorder(client, "ecs-mi-operator", identity, clock),
            new OperatorMetrics(registry),
            clock);
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(config.reconcileThreads())
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry)));
    operator.register(
        reconciler,
        c -> {
          if (!config.namespaces().isEmpty()) {
            c.settingNamespaces(config.namespaces());
          }
          config.labelSelector().ifPresent(c::withLabelSelector);
        });
    return new OperatorRuntime(operator, aws, batcher, reconciler);
  }

  public OperatorRuntime start() {
    operator.start();
    return this;
  }

  public Operator operator() {
    return operator;
  }

  public CapacityProviderReconciler reconciler() {
    return reconciler;
  }

  @Override
  public void close() {
    operator.stop();
    batcher.shutdownNow();
    try {
      batcher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    aws.close();
  }
}
