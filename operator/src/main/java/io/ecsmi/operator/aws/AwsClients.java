package io.ecsmi.operator.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The one place that builds AWS clients: an ECS client per region and an IAM client per partition
 * (IAM is global within a partition: {@link Partition#iamRegion()}), cached, sharing one HTTP
 * connection pool, with the SDK's default credential chain (IRSA, EKS Pod Identity, environment),
 * the configured retry mode and timeouts, an endpoint override for the emulator or VPC endpoints, a
 * user agent naming the operator, and the metrics interceptors.
 */
public final class AwsClients implements AutoCloseable {

  /** How the clients are built. */
  public record Settings(
      Optional<URI> endpointOverride,
      Optional<URI> iamEndpointOverride,
      RetryMode retryMode,
      Duration callTimeout,
      Duration attemptTimeout,
      String userAgent,
      AwsCredentialsProvider credentials,
      List<ExecutionInterceptor> interceptors) {

    public Settings {
      interceptors = List.copyOf(interceptors);
    }

    public static Settings defaults(String userAgent) {
      return new Settings(
          Optional.empty(),
          Optional.empty(),
          RetryMode.STANDARD,
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          userAgent,
          DefaultCredentialsProvider.builder().build(),
          List.of());
    }

    public Settings withEndpointOverride(Optional<URI> value) {
      return copy(b -> b.endpointOverride = value);
    }

    /** IAM elsewhere than ECS (tests against another IAM implementation); else the override. */
    public Settings withIamEndpointOverride(Optional<URI> value) {
      return copy(b -> b.iamEndpointOverride = value);
    }

    public Settings withRetryMode(RetryMode value) {
      return copy(b -> b.retryMode = value);
    }

    public Settings withCredentials(AwsCredentialsProvider value) {
      return copy(b -> b.credentials = value);
    }

    public Settings withInterceptors(List<ExecutionInterceptor> value) {
      return copy(b -> b.interceptors = value);
    }

    private Settings copy(java.util.function.Consumer<Copy> change) {
      Copy c = new Copy(this);
      change.accept(c);
      return new Settings(
          c.endpointOverride,
          c.iamEndpointOverride,
          c.retryMode,
          callTimeout,
          attemptTimeout,
          userAgent,
          c.credentials,
          c.interceptors);
    }

    /** The fields a {@code with} method may change. */
    private static final class Copy {
      Optional<URI> endpointOverride;
      Optional<URI> iamEndpointOverride;
      RetryMode retryMode;
      AwsCredentialsProvider credentials;
      List<ExecutionInterceptor> interceptors;

      Copy(Settings s) {
        endpointOverride = s.endpointOverride;
        iamEndpointOverride = s.iamEndpointOverride;
        retryMode = s.retryMode;
        credentials = s.credentials;
        interceptors = s.interceptors;
      }
    }
  }

  private final Settings settings;
  private final SdkHttpClient http = Apache5HttpClient.create();
  private final Map<String, EcsClient> ecs = new ConcurrentHashMap<>();
  private final Map<Partition, IamClient> iam = new ConcurrentHashMap<>();

  public AwsClients(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  public EcsClient ecs(String region) {
    return ecs.computeIfAbsent(
        region,
        r -> {
          var builder =
              EcsClient.builder()
                  .httpClient(http)
                  .region(Region.of(r))
                  .credentialsProvider(settings.credentials())
                  .overrideConfiguration(overrides());
          settings.endpointOverride().ifPresent(builder::endpointOverride);
          return builder.build();
        });
  }

  /** The IAM client of {@code partition}: its global endpoint and signing region. */
  public IamClient iam(Partition partition) {
    return iam.computeIfAbsent(
        partition,
        p -> {
          var builder =
              IamClient.builder()
                  .httpClient(http)
                  .region(p.iamRegion())
                  .credentialsProvider(settings.credentials())
                  .overrideConfiguration(overrides());
          settings
              .iamEndpointOverride()
              .or(settings::endpointOverride)
              .ifPresent(builder::endpointOverride);
          return builder.build();
        });
  }

  private ClientOverrideConfiguration overrides() {
    var builder =
        ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.forRetryMode(settings.retryMode()))
            .apiCallTimeout(settings.callTimeout())
            .apiCallAttemptTimeout(settings.attemptTimeout())
            .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, settings.userAgent());
    settings.interceptors().forEach(builder::addExecutionInterceptor);
    return builder.build();
  }

  @Override
  public void close() {
    ecs.values().forEach(EcsClient::close);
    iam.values().forEach(IamClient::close);
    http.close(); // the clients do not close an HTTP client they were given
  }
}
