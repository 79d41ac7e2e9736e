package io.ecsmi.operator.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Times every AWS API call (including the SDK's retries) as {@code ecsmi.aws.calls} by service,
 * operation and outcome: {@code success}, the AWS error code (e.g. ThrottlingException) or the
 * client-side failure (e.g. SdkClientException).
 */
public final class AwsCallMetrics implements ExecutionInterceptor {

  private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("ecsmi.started");

  private final MeterRegistry registry;

  public AwsCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(attributes, "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    Throwable error = context.exception();
    String outcome =
        error instanceof AwsServiceException e
                && e.awsErrorDetails() != null
                && e.awsErrorDetails().errorCode() != null
            ? e.awsErrorDetails().errorCode()
            : error.getClass().getSimpleName();
    record(attributes, outcome);
  }

  /**
   * The histogram's buckets: AWS control-plane calls answer in tens to hundreds of milliseconds,
   * retries and timeouts take seconds (the SDK's call timeout is 30 s). Eleven buckets instead of
   * Micrometer's 69 percentile buckets: a dozen series per operation and outcome, not seventy.
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private void record(ExecutionAttributes attributes, String outcome) {
    Long started = attributes.getAttribute(STARTED);
    Timer.builder("ecsmi.aws.calls")
        .description("AWS API calls by service, operation and outcome, with their latency")
        .tag("service", String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)))
        .tag(
            "operation",
            String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)))
        .tag("outcome", outcome)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record(started == null ? 0 : System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }
}
