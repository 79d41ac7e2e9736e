package io.ecsmi.emulator;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar aws-emulator.jar --port 4566}: the emulator as a standalone server. */
@Command(
    name = "aws-emulator",
    mixinStandardHelpOptions = true,
    description =
        "A local emulator of the IAM and ECS APIs the ECS Managed Instances Operator calls."
            + " Point the AWS SDK or CLI at it with an endpoint override; control it over HTTP"
            + " under /_emulator/ (see aws-emulator/README.md).")
public final class Main implements Callable<Integer> {

  /** The behaviours one can start with. */
  enum Profile {
    instant,
    realistic
  }

  /** A cluster to create at start. */
  record ClusterArg(String region, String name) {
    static ClusterArg parse(String value) {
      int slash = value.indexOf('/');
      if (slash <= 0 || slash == value.length() - 1) {
        throw new CommandLine.TypeConversionException(
            "expected REGION/NAME (e.g. us-east-1/prod) but was '" + value + "'");
      }
      return new ClusterArg(value.substring(0, slash), value.substring(slash + 1));
    }
  }

  @Option(
      names = "--port",
      defaultValue = "4566",
      description = "Loopback port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--behaviour",
      defaultValue = "realistic",
      description =
          "${COMPLETION-CANDIDATES}: instant has no delays and no ECS side effects; realistic"
              + " has second-long transitions, IAM eventual consistency, and ECS creating and"
              + " deleting the role. Default: ${DEFAULT-VALUE}.")
  Profile behaviour;

  @Option(
      names = "--cluster",
      paramLabel = "REGION/NAME",
      converter = ClusterConverter.class,
      description = "An ECS cluster to create at start, e.g. us-east-1/prod (repeatable).")
  List<ClusterArg> clusters = List.of();

  @Option(names = "--account-id", defaultValue = AwsEmulator.DEFAULT_ACCOUNT_ID)
  String accountId;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of fault injection and ids.")
  long seed;

  static final class ClusterConverter implements CommandLine.ITypeConverter<ClusterArg> {
    @Override
    public ClusterArg convert(String value) {
      return ClusterArg.parse(value);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    AwsEmulator emulator =
        AwsEmulator.builder()
            .port(port)
            .behaviour(behaviour == Profile.instant ? Behaviour.instant() : Behaviour.realistic())
            .accountId(accountId)
            .seed(seed)
            .start();
    clusters.forEach(c -> emulator.createCluster(c.region(), c.name()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stopped.countDown();
                }));
    System.out.printf(
        "AWS emulator (IAM + ECS, account %s, %s) listening on %s%n",
        accountId, behaviour, emulator.endpoint());
    System.out.flush();
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
