package io.ecsmi.operator;

import io.ecsmi.operator.aws.AwsClients;
import io.ecsmi.operator.config.OperatorCommand;
import io.ecsmi.operator.config.OperatorConfig;
import io.ecsmi.operator.config.OperatorVersion;
import io.ecsmi.operator.observability.HttpEndpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar ecs-mi-operator.jar}: wiring only. */
public final class Main {

  private Main() {}

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  public static void main(String[] args) throws InterruptedException {
    var out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    var err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    OperatorCommand.Parsed parsed = OperatorCommand.parse(args, System.getenv(), out, err);
    if (parsed instanceof OperatorCommand.Parsed.Exit exit) {
      System.exit(exit.code());
      return;
    }
    OperatorConfig config = ((OperatorCommand.Parsed.Run) parsed).config();
    Logging.configure(config.logging()); // before the first logger is created
    run(config);
  }

  private static void run(OperatorConfig config) throws InterruptedException {
    Logger log = LoggerFactory.getLogger(Main.class);
    log.info("ecs-mi-operator {} starting: {}", OperatorVersion.get(), config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorRuntime runtime =
        OperatorRuntime.create(
            config,
            client,
            AwsClients.Settings.defaults("ecs-mi-operator/" + OperatorVersion.get()),
            registry,
            Clock.systemUTC());
    HttpEndpoints http =
        new HttpEndpoints(config.httpPort(), registry, runtime::liveness, runtime::readiness);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info(
                      "stopping: in-flight reconciles get up to {} to finish",
                      config.shutdownTimeout());
                  runtime.close();
                  http.close();
                  client.close();
                  log.info("shutdown complete");
                  stopped.countDown();
                },
                "shutdown"));
    try {
      runtime.start();
    } catch (RuntimeException e) {
      // E.g. the CRD is not installed or RBAC forbids watching: say so, and let Kubernetes restart
      // us.
      log.error("the operator could not start: {}", rootCause(e), e);
      System.exit(1);
    }
    log.info("started; /metrics, /healthz and /readyz on port {}", http.port());
    stopped.await();
  }
}
