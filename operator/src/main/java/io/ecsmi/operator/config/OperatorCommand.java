package io.ecsmi.operator.config;

import io.ecsmi.operator.api.v1alpha1.DeletionPolicy;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.retry.RetryMode;

/**
 * The command line: every flag also reads an environment variable ({@code --aws-endpoint} reads
 * {@code ECSMI_AWS_ENDPOINT}; a flag wins over its variable). Invalid values stop the operator at
 * start with a message that names the flag.
 */
@Command(
    name = "ecs-mi-operator",
    mixinStandardHelpOptions = true,
    versionProvider = OperatorCommand.Version.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description =
        "Kubernetes operator for Amazon ECS Managed Instances capacity providers. Every option can"
            + " also be set by the environment variable shown in brackets. AWS credentials come"
            + " from the AWS SDK's default chain (IRSA, EKS Pod Identity, environment).")
public final class OperatorCommand {

  static final String ENV_PREFIX = "ECSMI_";
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  private static final Pattern SELECTOR_TERM =
      Pattern.compile("!?[A-Za-z0-9./_-]+((==?|!=)[A-Za-z0-9._-]*)?");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--region",
      description = "AWS region of resources without spec.region. [ECSMI_REGION, else AWS_REGION]")
  String region;

  @Option(
      names = "--aws-endpoint",
      paramLabel = "URL",
      description =
          "Endpoint override for ECS and IAM (an emulator, VPC endpoints). [ECSMI_AWS_ENDPOINT]")
  String awsEndpoint;

  @Option(
      names = "--aws-retry-mode",
      defaultValue = "standard",
      description =
          "AWS SDK retry mode: standard or adaptive (client-side rate limiting). Default: ${DEFAULT-VALUE}. [ECSMI_AWS_RETRY_MODE]")
  String awsRetryMode;

  @Option(
      names = "--watch-namespaces",
      paramLabel = "NS[,NS...]",
      defaultValue = "",
      description = "Namespaces to watch, comma-separated; empty for all. [ECSMI_WATCH_NAMESPACES]")
  String watchNamespaces;

  @Option(
      names = "--label-selector",
      paramLabel = "SELECTOR",
      defaultValue = "",
      description =
          "Only reconcile resources matching this label selector (e.g. shard=a), for sharding. [ECSMI_LABEL_SELECTOR]")
  String labelSelector;

  @Option(
      names = "--resync-interval",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description =
          "How often all capacity providers are compared with their specs to find drift (e.g. 30s, 5m). Default: ${DEFAULT-VALUE}. [ECSMI_RESYNC_INTERVAL]")
  String resyncInterval;

  @Option(
      names = "--stalled-retry-interval",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description =
          "How long a Stalled resource (one that needs a human, e.g. AccessDenied or an invalid subnet) waits before the operator looks again; the wait doubles up to six times this, and a change of the resource looks at once. Default: ${DEFAULT-VALUE}. [ECSMI_STALLED_RETRY_INTERVAL]")
  String stalledRetryInterval;

  @Option(
      names = "--reconcile-threads",
      defaultValue = "10",
      description =
          "Reconciles of different resources that run at once (1-500). Default: ${DEFAULT-VALUE}. [ECSMI_RECONCILE_THREADS]")
  String reconcileThreads;

  @Option(
      names = "--cluster-id",
      defaultValue = "kubernetes",
      description =
          "Names this Kubernetes cluster in the ecsmi.io/owner-cluster tag; give each cluster sharing an AWS account its own. Default: ${DEFAULT-VALUE}. [ECSMI_CLUSTER_ID]")
  String clusterId;

  @Option(
      names = "--service-linked-role-policy",
      defaultValue = "DeleteWhenUnused",
      description =
          "DeleteWhenUnused deletes AWSServiceRoleForECSCompute after the last capacity provider; Retain keeps it. Default: ${DEFAULT-VALUE}. [ECSMI_SERVICE_LINKED_ROLE_POLICY]")
  String rolePolicy;

  @Option(
      names = "--default-deletion-policy",
      defaultValue = "Delete",
      description =
          "Delete or Retain, for resources without spec.deletionPolicy. Default: ${DEFAULT-VALUE}. [ECSMI_DEFAULT_DELETION_POLICY]")
  String defaultDeletionPolicy;

  @Option(
      names = "--identity",
      description =
          "This replica's name: lease holder and Events' reporting instance. Default: $HOSTNAME. [ECSMI_IDENTITY]")
  String identity;

  @Option(
      names = "--leader-election",
      defaultValue = "false",
      description =
          "Elect one active replica with a Lease (true/false). Default: ${DEFAULT-VALUE}. [ECSMI_LEADER_ELECTION]")
  String leaderElection;

  @Option(
      names = "--lease-name",
      defaultValue = "ecs-mi-operator",
      description =
          "Name of the leader election Lease. Default: ${DEFAULT-VALUE}. [ECSMI_LEASE_NAME]")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      description =
          "Namespace of the Lease. Default: the operator's own namespace. [ECSMI_LEASE_NAMESPACE]")
  String leaseNamespace;

  @Option(
      names = "--state-namespace",
      description =
          "Namespace of the ConfigMap that keeps what must survive a restart or a failover (the"
              + " service-linked role's deletion). Default: the Lease's namespace, else the"
              + " operator's own. [ECSMI_STATE_NAMESPACE]")
  String stateNamespace;

  @Option(
      names = "--lease-duration",
      paramLabel = "DURATION",
      defaultValue = "15s",
      description =
          "How long a lost leader keeps the Lease before another replica takes over (at least 5s). Default: ${DEFAULT-VALUE}. [ECSMI_LEASE_DURATION]")
  String leaseDuration;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description =
          "Port of /metrics, /healthz and /readyz (0 picks a free one). Default: ${DEFAULT-VALUE}. [ECSMI_HTTP_PORT]")
  String httpPort;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      description = "text or json. Default: ${DEFAULT-VALUE}. [ECSMI_LOG_FORMAT]")
  String logFormat;

  @Option(
      names = "--log-level",
      defaultValue = "INFO",
      description =
          "TRACE, DEBUG, INFO, WARN or ERROR. Default: ${DEFAULT-VALUE}. [ECSMI_LOG_LEVEL]")
  String logLevel;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "How long in-flight reconciles may finish after SIGTERM. Default: ${DEFAULT-VALUE}. [ECSMI_SHUTDOWN_TIMEOUT]")
  String shutdownTimeout;

  @Option(
      names = "--naive-baseline",
      hidden = true,
      defaultValue = "false",
      description =
          "For make bench only, never for production: run as a naive operator would (a describe"
              + " per resource, no role cache, a poll per resource each resync) so the benchmark"
              + " can show the difference. [ECSMI_NAIVE_BASELINE]")
  String naiveBaseline;

  /** The result of parsing: a config to run with, or an exit code (help, version, bad input). */
  public sealed interface Parsed {
    record Run(OperatorConfig config) implements Parsed {}

    record Exit(int code) implements Parsed {}
  }

  /** Parses flags over environment variables; prints help, version or the error itself. */
  public static Parsed parse(
      String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    OperatorCommand command = new OperatorCommand();
    CommandLine cli = new CommandLine(command).setOut(out).setErr(err);
    cli.setDefaultValueProvider(argSpec -> fromEnv(argSpec, env));
    try {
      CommandLine.ParseResult result = cli.parseArgs(args);
      if (result.isUsageHelpRequested()) {
        cli.usage(out);
        return new Parsed.Exit(0);
      }
      if (result.isVersionHelpRequested()) {
        cli.printVersionHelp(out);
        return new Parsed.Exit(0);
      }
      return new Parsed.Run(command.toConfig(env));
    } catch (ParameterException e) {
      err.println("ecs-mi-operator: " + e.getMessage());
      err.println("Run with --help for every option.");
      err.flush();
      return new Parsed.Exit(2);
    }
  }

  /** The environment variable of an option: --aws-endpoint reads ECSMI_AWS_ENDPOINT. */
  static String envName(String option) {
    return ENV_PREFIX + option.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  private static String fromEnv(ArgSpec argSpec, Map<String, String> env) {
    if (argSpec instanceof OptionSpec option) {
      String value = env.get(envName(option.longestName()));
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return argSpec.defaultValue();
  }

  private OperatorConfig toConfig(Map<String, String> env) {
    String effectiveRegion = region != null && !region.isEmpty() ? region : env.get("AWS_REGION");
    if (effectiveRegion == null || effectiveRegion.isEmpty()) {
      throw invalid("--region", "is required (or ECSMI_REGION, or AWS_REGION)");
    }
    if (!REGION.matcher(effectiveRegion).matches()) {
      throw invalid(
          "--region", "must be an AWS region like eu-west-1, not '" + effectiveRegion + "'");
    }
    Optional<URI> endpoint =
        Optional.ofNullable(awsEndpoint)
            .filter(s -> !s.isEmpty())
            .map(s -> uri("--aws-endpoint", s));
    Set<String> namespaces = new LinkedHashSet<>();
    for (String ns : watchNamespaces.split(",")) {
      String trimmed = ns.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!DNS_LABEL.matcher(trimmed).matches()) {
        throw invalid(
            "--watch-namespaces", "contains '" + trimmed + "', which is not a namespace name");
      }
      namespaces.add(trimmed);
    }
    Optional<String> selector = Optional.of(labelSelector.trim()).filter(s -> !s.isEmpty());
    selector.ifPresent(
        s -> {
          for (String term : s.split(",")) {
            if (!SELECTOR_TERM.matcher(term.trim()).matches()) {
              throw invalid(
                  "--label-selector",
                  "has '" + term + "'; use key=value, key!=value, key or !key, comma-separated");
            }
          }
        });
    Duration resync = duration("--resync-interval", resyncInterval, Duration.ofSeconds(1));
    int threads = integer("--reconcile-threads", reconcileThreads, 1, 500);
    if (clusterId.isEmpty() || clusterId.length() > 256) {
      throw invalid("--cluster-id", "must be 1 to 256 characters (it is an AWS tag value)");
    }
    var policy =
        switch (rolePolicy) {
          case "DeleteWhenUnused" -> ServiceLinkedRoleCoordinator.Policy.DELETE_WHEN_UNUSED;
          case "Retain" -> ServiceLinkedRoleCoordinator.Policy.RETAIN;
          default ->
              throw invalid(
                  "--service-linked-role-policy",
                  "must be DeleteWhenUnused or Retain, not '" + rolePolicy + "'");
        };
    DeletionPolicy deletion =
        Arrays.stream(DeletionPolicy.values())
            .filter(p -> p.value().equals(defaultDeletionPolicy))
            .findFirst()
            .orElseThrow(
                () ->
                    invalid(
                        "--default-deletion-policy",
                        "must be Delete or Retain, not '" + defaultDeletionPolicy + "'"));
    RetryMode retry =
        switch (awsRetryMode.toLowerCase(Locale.ROOT)) {
          case "standard" -> RetryMode.STANDARD;
          case "adaptive" -> RetryMode.ADAPTIVE_V2;
          default ->
              throw invalid(
                  "--aws-retry-mode", "must be standard or adaptive, not '" + awsRetryMode + "'");
        };
    boolean leader = bool("--leader-election", leaderElection);
    if (!DNS_LABEL.matcher(leaseName).matches()) {
      throw invalid("--lease-name", "must be a lowercase DNS label, not '" + leaseName + "'");
    }
    Optional<String> leaseNs = Optional.ofNullable(leaseNamespace).filter(s -> !s.isEmpty());
    leaseNs.ifPresent(
        ns -> {
          if (!DNS_LABEL.matcher(ns).matches()) {
            throw invalid("--lease-namespace", "'" + ns + "' is not a namespace name");
          }
        });
    Optional<String> stateNs = Optional.ofNullable(stateNamespace).filter(s -> !s.isEmpty());
    stateNs.ifPresent(
        ns -> {
          if (!DNS_LABEL.matcher(ns).matches()) {
            throw invalid("--state-namespace", "'" + ns + "' is not a namespace name");
          }
        });
    String id =
        Optional.ofNullable(identity)
            .filter(s -> !s.isEmpty())
            .or(() -> Optional.ofNullable(env.get("HOSTNAME")).filter(s -> !s.isEmpty()))
            .orElse("ecs-mi-operator-" + UUID.randomUUID());
    OperatorConfig.LogFormat format =
        switch (logFormat.toLowerCase(Locale.ROOT)) {
          case "text" -> OperatorConfig.LogFormat.TEXT;
          case "json" -> OperatorConfig.LogFormat.JSON;
          default -> throw invalid("--log-format", "must be text or json, not '" + logFormat + "'");
        };
    String level = logLevel.toUpperCase(Locale.ROOT);
    if (!Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(level)) {
      throw invalid(
          "--log-level", "must be TRACE, DEBUG, INFO, WARN or ERROR, not '" + logLevel + "'");
    }
    return OperatorConfig.builder(effectiveRegion)
        .awsEndpoint(endpoint)
        .awsRetryMode(retry)
        .namespaces(namespaces)
        .labelSelector(selector)
        .resyncInterval(resync)
        .stalledRetryInterval(
            duration("--stalled-retry-interval", stalledRetryInterval, Duration.ofSeconds(1)))
        .reconcileThreads(threads)
        .clusterId(clusterId)
        .rolePolicy(policy)
        .defaultDeletionPolicy(deletion)
        .identity(id)
        .shutdownTimeout(duration("--shutdown-timeout", shutdownTimeout, Duration.ofSeconds(1)))
        .leadership(
            new OperatorConfig.Leadership(
                leader,
                leaseName,
                leaseNs,
                duration("--lease-duration", leaseDuration, Duration.ofSeconds(5))))
        .httpPort(integer("--http-port", httpPort, 0, 65535))
        .logging(new OperatorConfig.Logging(format, level))
        .stateNamespace(stateNs)
        .naiveBaseline(bool("--naive-baseline", naiveBaseline))
        .build();
  }

  private URI uri(String flag, String value) {
    try {
      URI uri = URI.create(value);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw invalid(
            flag,
            "must be an http(s) URL like https://ecs.eu-west-1.amazonaws.com, not '" + value + "'");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw invalid(flag, "must be an http(s) URL, not '" + value + "'");
    }
  }

  private Duration duration(String flag, String value, Duration minimum) {
    Duration parsed;
    Matcher m = DURATION.matcher(value.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      parsed =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          };
    } else {
      try {
        parsed = Duration.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw invalid(flag, "must be a duration like 30s, 5m or 1h, not '" + value + "'");
      }
    }
    if (parsed.compareTo(minimum) < 0) {
      throw invalid(flag, "must be at least " + minimum.toSeconds() + "s, not '" + value + "'");
    }
    return parsed;
  }

  private int integer(String flag, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < min || n > max) {
        throw invalid(flag, "must be between " + min + " and " + max + ", not " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(flag, "must be a whole number, not '" + value + "'");
    }
  }

  private boolean bool(String flag, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(flag, "must be true or false, not '" + value + "'");
    };
  }

  private ParameterException invalid(String flag, String problem) {
    return new ParameterException(
        spec.commandLine(),
        "invalid value for " + flag + " [" + envName(flag) + "]: " + flag + " " + problem);
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ecs-mi-operator " + OperatorVersion.get()};
    }
  }
}
