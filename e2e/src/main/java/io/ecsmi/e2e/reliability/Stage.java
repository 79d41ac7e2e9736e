package io.ecsmi.e2e.reliability;

import io.ecsmi.e2e.ClassDataArchive;
import io.ecsmi.e2e.ControlPlane;
import io.ecsmi.e2e.OperatorProcess;
import io.ecsmi.e2e.bench.Workload;
import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.emulator.Behaviour;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.ecsmi.operator.testing.IamPolicies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Where a scenario plays: a local API server with the CRD, the emulator with AWS's realistic
 * timings, and the operator jar as a process that can be crashed and started again. Someone else in
 * the account (the access key {@value #OTHERS}) owns a capacity provider in every cluster the
 * workload uses, which the operator must never touch.
 */
final class Stage implements AutoCloseable {

  static final String OPERATOR_KEY = "AKIDRELIABILITY";
  static final String OTHERS = "AKIDSOMEONEELSE";

  /** Short, so a lost event is made good within a scenario, as the 5-minute default would. */
  static final Duration RESYNC = Duration.ofSeconds(15);

  final Path dir;
  final ControlPlane plane;
  final AwsEmulator aws;
  private final List<String> operatorFlags;
  private OperatorProcess operator;
  private final List<OperatorProcess> replicas = new ArrayList<>();
  private int starts;

  private Stage(Path dir, ControlPlane plane, AwsEmulator aws, List<String> operatorFlags) {
    this.dir = dir;
    this.plane = plane;
    this.aws = aws;
    this.operatorFlags = operatorFlags;
  }

  static Stage start(Path dir, long seed) {
    return start(dir, seed, List.of());
  }

  /** As above, every operator started with {@code operatorFlags} besides the stage's own. */
  static Stage start(Path dir, long seed, List<String> operatorFlags) {
    ControlPlane plane = ControlPlane.start(dir);
    AwsEmulator aws = AwsEmulator.builder().behaviour(Behaviour.realistic()).seed(seed).start();
    plane.installCrd();
    aws.attachPolicy(OPERATOR_KEY, IamPolicies.shipped("aws"));
    return new Stage(dir, plane, aws, operatorFlags);
  }

  /** Starts the operator (again) and waits until it is ready. */
  OperatorProcess startOperator() {
    return startOperator(RESYNC);
  }

  /** As {@link #startOperator()}, comparing every provider with its spec every {@code resync}. */
  OperatorProcess startOperator(Duration resync) {
    operator = launch("operator", OPERATOR_KEY, resync, List.of());
    operator.awaitReady(Duration.ofSeconds(60));
    return operator;
  }

  /**
   * Starts a replica of the operator with the identity {@code name} and {@code flags} besides,
   * signing its AWS calls with the access key {@code key} (given the operator's policy), so that
   * its calls can be told from another replica's. Does not wait until it is ready; stopped with the
   * stage.
   */
  OperatorProcess startReplica(String name, String key, List<String> flags) {
    aws.attachPolicy(key, IamPolicies.shipped("aws"));
    OperatorProcess replica = launch(name, key, RESYNC, flags);
    replicas.add(replica);
    return replica;
  }

  /** The jar as the operator {@code name} (its identity and log file's name). */
  private OperatorProcess launch(String name, String key, Duration resync, List<String> more) {
    starts++;
    ClassDataArchive.Launch launch = ClassDataArchive.launch();
    List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
    jvm.addAll(launch.options());
    List<String> flags = new ArrayList<>(OperatorProcess.localFlags(aws.endpoint(), "us-east-1"));
    flags.addAll(List.of("--resync-interval", resync.toSeconds() + "s", "--identity", name));
    flags.addAll(List.of("--log-level", "DEBUG")); // the logs are what a violation is read from
    flags.addAll(operatorFlags);
    flags.addAll(more);
    return OperatorProcess.start(
        launch.jar(),
        plane.kubeconfig(),
        key,
        jvm,
        flags,
        Map.of(),
        dir.resolve(name + "-" + starts + ".log"));
  }

  OperatorProcess operator() {
    return operator;
  }

  /** The operator processes alive now: the operator, or the replicas. */
  List<OperatorProcess> running() {
    List<OperatorProcess> all = new ArrayList<>(replicas);
    if (operator != null) {
      all.add(operator);
    }
    return all.stream().filter(OperatorProcess::alive).toList();
  }

  /**
   * Creates the workload's clusters and one provider of someone else's in each; returns those, as
   * they are once ACTIVE, by {@code region/name}.
   */
  Map<String, CapacityProviderState> prepare(Workload workload) {
    workload.createClusters(aws);
    aws.seedRole(); // their providers came first, with the role an administrator created
    Map<String, CapacityProviderState> foreign = new LinkedHashMap<>();
    workload.items().stream()
        .map(i -> i.region() + "/" + i.cluster())
        .distinct()
        .forEach(
            key -> {
              String region = key.split("/")[0];
              String cluster = key.split("/")[1];
              String name = "others-" + cluster;
              createOthers(region, cluster, name);
              foreign.put(region + "/" + name, null);
            });
    Awaitility.await("the providers of others ACTIVE")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                foreign.keySet().stream()
                    .allMatch(
                        k ->
                            aws.provider(k.split("/")[0], k.split("/")[1])
                                .map(p -> p.status().equals("ACTIVE"))
                                .orElse(false)));
    foreign.replaceAll((k, none) -> aws.provider(k.split("/")[0], k.split("/")[1]).orElseThrow());
    return foreign;
  }

  /** Someone else creates a Managed Instances provider {@code name} in {@code cluster}. */
  void createOthers(String region, String cluster, String name) {
    try (EcsClient ecs = others(region)) {
      ecs.createCapacityProvider(
          c ->
              c.name(name)
                  .cluster(cluster)
                  .managedInstancesProvider(
                      m ->
                          m.infrastructureRoleArn(
                                  "arn:aws:iam::123456789012:role/ecsInfrastructureRole")
                              .instanceLaunchTemplate(
                                  t ->
                                      t.ec2InstanceProfileArn(
                                              "arn:aws:iam::123456789012:"
                                                  + "instance-profile/ecsInstanceRole")
                                          .networkConfiguration(
                                              n -> n.subnets("subnet-0f0f0f0f")))));
    }
  }

  /** An ECS client of someone else in the account. */
  EcsClient others(String region) {
    return EcsClient.builder()
        .endpointOverride(aws.endpoint())
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(OTHERS, "secret")))
        .build();
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    replicas.forEach(OperatorProcess::close);
    aws.close();
    plane.close();
  }
}
