package io.ecsmi.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.api.v1alpha1.DeletionPolicy;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import software.amazon.awssdk.core.retry.RetryMode;

class OperatorCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private OperatorCommand.Parsed parse(Map<String, String> env, String... args) {
    return OperatorCommand.parse(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private OperatorConfig config(Map<String, String> env, String... args) {
    OperatorCommand.Parsed parsed = parse(env, args);
    assertThat(parsed).as(err.toString()).isInstanceOf(OperatorCommand.Parsed.Run.class);
    return ((OperatorCommand.Parsed.Run) parsed).config();
  }

  @Test
  void aRegionIsAllItNeeds() {
    OperatorConfig config = config(Map.of(), "--region", "eu-west-1");

    OperatorConfig defaults = OperatorConfig.defaults("eu-west-1");
    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.awsEndpoint()).isEmpty();
    assertThat(config.resyncInterval()).isEqualTo(defaults.resyncInterval());
    assertThat(config.stalledRetryInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.reconcileThreads()).isEqualTo(defaults.reconcileThreads());
    assertThat(config.rolePolicy()).isEqualTo(defaults.rolePolicy());
    assertThat(config.defaultDeletionPolicy()).isEqualTo(DeletionPolicy.DELETE);
    assertThat(config.leadership().enabled()).isFalse();
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.logging())
        .isEqualTo(new OperatorConfig.Logging(OperatorConfig.LogFormat.TEXT, "INFO"));
  }

  @Test
  void theRegionFallsBackToAwsRegion() {
    assertThat(config(Map.of("AWS_REGION", "ap-south-1")).region()).isEqualTo("ap-south-1");
    assertThat(config(Map.of("AWS_REGION", "ap-south-1", "ECSMI_REGION", "us-west-2")).region())
        .isEqualTo("us-west-2");
  }

  /** Every flag, a valid value that is not its default, and where it lands. */
  static Stream<Arguments> everyFlag() {
    return Stream.of(
        flag("--region", "sa-east-1", OperatorConfig::region, "sa-east-1"),
        flag(
            "--aws-endpoint",
            "http://127.0.0.1:4566",
            OperatorConfig::awsEndpoint,
            Optional.of(URI.create("http://127.0.0.1:4566"))),
        flag("--aws-retry-mode", "adaptive", OperatorConfig::awsRetryMode, RetryMode.ADAPTIVE_V2),
        flag(
            "--watch-namespaces",
            "team-a,team-b",
            OperatorConfig::namespaces,
            Set.of("team-a", "team-b")),
        flag(
            "--label-selector",
            "shard=a,tier!=dev",
            OperatorConfig::labelSelector,
            Optional.of("shard=a,tier!=dev")),
        flag("--resync-interval", "90s", OperatorConfig::resyncInterval, Duration.ofSeconds(90)),
        flag(
            "--stalled-retry-interval",
            "2m",
            OperatorConfig::stalledRetryInterval,
            Duration.ofMinutes(2)),
        flag("--reconcile-threads", "25", OperatorConfig::reconcileThreads, 25),
        flag("--cluster-id", "prod-eu", OperatorConfig::clusterId, "prod-eu"),
        flag(
            "--service-linked-role-policy",
            "Retain",
            OperatorConfig::rolePolicy,
            ServiceLinkedRoleCoordinator.Policy.RETAIN),
        flag(
            "--default-deletion-policy",
            "Retain",
            OperatorConfig::defaultDeletionPolicy,
            DeletionPolicy.RETAIN),
        flag("--identity", "replica-1", OperatorConfig::identity, "replica-1"),
        flag("--leader-election", "true", c -> c.leadership().enabled(), true),
        flag("--lease-name", "ecsmi-leader", c -> c.leadership().leaseName(), "ecsmi-leader"),
        flag("--lease-namespace", "ops", c -> c.leadership().leaseNamespace(), Optional.of("ops")),
        flag("--state-namespace", "ecs-mi", OperatorConfig::stateNamespace, Optional.of("ecs-mi")),
        flag("--naive-baseline", "true", OperatorConfig::naiveBaseline, true),
        flag(
            "--lease-duration", "30s", c -> c.leadership().leaseDuration(), Duration.ofSeconds(30)),
        flag("--http-port", "9090", OperatorConfig::httpPort, 9090),
        flag("--log-format", "json", c -> c.logging().format(), OperatorConfig.LogFormat.JSON),
        flag("--log-level", "debug", c -> c.logging().level(), "DEBUG"),
        flag("--shutdown-timeout", "2m", OperatorConfig::shutdownTimeout, Duration.ofMinutes(2)));
  }

  private static <T> Arguments flag(
      String flag, String value, Function<OperatorConfig, T> field, T expected) {
    return Arguments.of(flag, value, field, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyFlag")
  <T> void everyFlagWorksAsAFlagAndAsItsEnvironmentVariable(
      String flag, String value, Function<OperatorConfig, T> field, T expected) {
    Map<String, String> base = new HashMap<>(Map.of("ECSMI_REGION", "us-east-1"));

    assertThat(field.apply(config(base, flag, value))).isEqualTo(expected);
    base.put(OperatorCommand.envName(flag), value);
    assertThat(field.apply(config(base))).as(OperatorCommand.envName(flag)).isEqualTo(expected);
  }

  @Test
  void theTableAboveCoversEveryOptionAndTheHelpNamesEveryVariable() {
    Set<String> options =
        new CommandLine(new OperatorCommand())
            .getCommandSpec().options().stream()
                .map(CommandLine.Model.OptionSpec::longestName)
                .filter(n -> !n.equals("--help") && !n.equals("--version"))
                .collect(Collectors.toSet());
    Set<String> tested = everyFlag().map(a -> (String) a.get()[0]).collect(Collectors.toSet());

    assertThat(tested).isEqualTo(options);
    assertThat(parse(Map.of(), "--help")).isEqualTo(new OperatorCommand.Parsed.Exit(0));
    options.stream()
        .filter(o -> !o.equals("--naive-baseline"))
        .forEach(
            o -> assertThat(out.toString()).contains(o).contains("[" + OperatorCommand.envName(o)));
    assertThat(out.toString())
        .as("the benchmark's baseline is not offered to users")
        .doesNotContain("naive");
  }

  @Test
  void aFlagWinsOverItsVariable() {
    assertThat(
            config(
                    Map.of("ECSMI_REGION", "us-east-1", "ECSMI_HTTP_PORT", "9000"),
                    "--http-port",
                    "9001")
                .httpPort())
        .isEqualTo(9001);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--region|Europe|must be an AWS region like eu-west-1",
        "--aws-endpoint|ftp://x|must be an http(s) URL",
        "--aws-retry-mode|legacy|must be standard or adaptive",
        "--watch-namespaces|Team_A|not a namespace name",
        "--label-selector|a in (b)|use key=value",
        "--resync-interval|5|must be a duration like 30s",
        "--resync-interval|500ms|must be at least 1s",
        "--stalled-retry-interval|soon|must be a duration like 30s",
        "--reconcile-threads|0|must be between 1 and 500",
        "--reconcile-threads|many|must be a whole number",
        "--service-linked-role-policy|Delete|must be DeleteWhenUnused or Retain",
        "--default-deletion-policy|Orphan|must be Delete or Retain",
        "--leader-election|yes|must be true or false",
        "--naive-baseline|yes|must be true or false",
        "--lease-name|Leader_Lease|lowercase DNS label",
        "--lease-duration|2s|must be at least 5s",
        "--state-namespace|Ops_Team|'Ops_Team' is not a namespace name",
        "--http-port|70000|must be between 0 and 65535",
        "--log-format|xml|must be text or json",
        "--log-level|verbose|must be TRACE, DEBUG, INFO, WARN or ERROR",
        "--shutdown-timeout|0s|must be at least 1s"
      })
  void anInvalidValueStopsTheOperatorNamingTheFlagAndItsVariable(
      String flag, String value, String problem) {
    OperatorCommand.Parsed parsed = parse(Map.of("ECSMI_REGION", "us-east-1"), flag, value);

    assertThat(parsed).isEqualTo(new OperatorCommand.Parsed.Exit(2));
    assertThat(err.toString())
        .contains("invalid value for " + flag + " [" + OperatorCommand.envName(flag) + "]")
        .contains(problem);
  }

  @Test
  void withoutAnyRegionItSaysWhereToSetOne() {
    assertThat(parse(Map.of())).isEqualTo(new OperatorCommand.Parsed.Exit(2));
    assertThat(err.toString()).contains("--region is required (or ECSMI_REGION, or AWS_REGION)");
  }

  @Test
  void unknownFlagsAreRefused() {
    assertThat(parse(Map.of("ECSMI_REGION", "us-east-1"), "--regoin", "x"))
        .isEqualTo(new OperatorCommand.Parsed.Exit(2));
    assertThat(err.toString()).contains("Unknown options: '--regoin', 'x'");
  }

  @Test
  void theIdentityDefaultsToTheHostname() {
    assertThat(
            config(Map.of("ECSMI_REGION", "us-east-1", "HOSTNAME", "ecs-mi-operator-7d9f"))
                .identity())
        .isEqualTo("ecs-mi-operator-7d9f");
    assertThat(List.of(config(Map.of("ECSMI_REGION", "us-east-1")).identity()))
        .allSatisfy(id -> assertThat(id).startsWith("ecs-mi-operator-"));
  }
}
