package io.ecsmi.e2e;

import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.emulator.Behaviour;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.faults.Faults;
import io.ecsmi.operator.testing.IamPolicies;
import io.ecsmi.operator.testing.KubeVersions;
import io.ecsmi.operator.testing.Kubectl;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * {@code make demo}: the whole product on this machine. A local kube-apiserver and etcd, the AWS
 * emulator (realistic delays, IAM eventual consistency, ECS side effects), the operator jar as a
 * separate process; then the samples applied, drift corrected, a spec updated and everything
 * deleted, with a live view. {@code --keep} leaves it all running for kubectl.
 */
public final class Demo {

  private static final Duration STEP = Duration.ofSeconds(90);
  private static final String REGION = "us-east-1";
  private static final String OPERATOR_ACCESS_KEY = "AKIDDEMOOPERATOR";

  private final PrintStream out;
  private final Path work;
  private final boolean keep;

  Demo(PrintStream out, Path work, boolean keep) {
    this.out = out;
    this.work = work;
    this.keep = keep;
  }

  public static void main(String[] args) {
    System.setProperty("logback.configurationFile", "demo-logback.xml"); // before any logger
    boolean keep = List.of(args).contains("--keep");
    Path work = KubeVersions.projectRoot().resolve(".demo");
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--work-dir")) {
        work = Path.of(args[i + 1]);
      }
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ClassDataArchive.ensure(out);
    System.exit(new Demo(out, work.toAbsolutePath(), keep).run());
  }

  int run() {
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println("== ECS Managed Instances Operator: demo ==");
    java.time.Instant started = java.time.Instant.now();
    Running running = new Running();
    Thread onExit = new Thread(running::stop, "demo-cleanup");
    Runtime.getRuntime().addShutdownHook(onExit); // Ctrl-C leaves nothing running either
    try {
      var versions = KubeVersions.pinned();
      out.printf(
          "%n[1/6] A local Kubernetes API server (kube-apiserver %s, etcd %s) and the AWS emulator%n",
          versions.kubernetes(), versions.etcd());
      ControlPlane plane = running.plane = ControlPlane.start(work);
      AwsEmulator aws = running.aws = startEmulator();
      // The operator acts under the IAM policy users give it, enforced as AWS would.
      aws.attachPolicy(OPERATOR_ACCESS_KEY, IamPolicies.shipped("aws"));
      out.printf(
          "      KUBECONFIG=%s%n      AWS emulator: %s (clusters us-east-1/prod and eu-west-1/prod;%n",
          plane.kubeconfig(), aws.endpoint());
      out.println(
          "      legacy-pool, a capacity provider created outside Kubernetes, already exists;");
      out.println("      the operator's calls are held to config/iam/operator-policy.json)");

      out.println("\n[2/6] Install the CRD (crds/) and start the operator jar as its own process");
      kubectl(
          plane,
          "apply",
          "--server-side",
          "-f",
          KubeVersions.projectRoot().resolve("crds").toString());
      // The jar with its class-data archive when main made one (it starts sooner), else as built.
      ClassDataArchive.Launch launch = ClassDataArchive.launch();
      List<String> jvmOptions = new java.util.ArrayList<>(List.of("-Xmx512m"));
      jvmOptions.addAll(launch.options());
      OperatorProcess operator =
          running.operator =
              OperatorProcess.start(
                  launch.jar(),
                  plane.kubeconfig(),
                  OPERATOR_ACCESS_KEY,
                  jvmOptions,
                  List.of(
                      "--region",
                      REGION,
                      "--aws-endpoint",
                      aws.endpoint().toString(),
                      "--resync-interval",
                      "10s",
                      "--cluster-id",
                      "demo",
                      "--identity",
                      "demo-operator"),
                  Map.of(),
                  work.resolve("operator.log"));
      Duration startup = operator.awaitReady(Duration.ofSeconds(60));
      out.printf(
          "      operator pid %d ready in %.1fs; log: %s%n",
          operator.pid(), startup.toMillis() / 1000.0, operator.log());

      DemoView view = new DemoView(out, plane.client(), aws, "default", started);
      view.step("[3/6] kubectl apply -f config/samples/");
      kubectl(
          plane, "apply", "-f", KubeVersions.projectRoot().resolve("config/samples").toString());
      view.watchUntil(
          "every sample Ready",
          rs -> rs.size() == 4 && rs.stream().allMatch(DemoView::ready),
          STEP);
      view.printCalls("AWS calls so far");
      view.say("operator RSS with 4 resources Ready: " + operator.rssKib() / 1024 + " MiB");

      view.step(
          "[4/6] Drift: someone changes general-purpose in the AWS console (monitoring, a tag)");
      aws.driftConfiguration(
          "eu-west-1",
          "general-purpose-euw1",
          "{\"instanceLaunchTemplate\":{\"monitoring\":\"BASIC\"}}");
      aws.driftTags("eu-west-1", "general-purpose-euw1", Map.of("team", "someone-else"));
      view.say(
          "the operator finds it at the next resync (every 10s here, 5m by default) and sets it back");
      view.watchUntil(
          "the drift corrected",
          rs ->
              rs.stream()
                      .anyMatch(
                          cp ->
                              cp.getMetadata().getName().equals("general-purpose")
                                  && cp.getStatus().drift() != null
                                  && DemoView.ready(cp))
                  && "DETAILED"
                      .equals(
                          aws.provider("eu-west-1", "general-purpose-euw1")
                              .orElseThrow()
                              .managedInstancesProvider()
                              .path("instanceLaunchTemplate")
                              .path("monitoring")
                              .asText()),
          STEP);
      view.say(
          "status.drift of general-purpose: "
              + view.resources().stream()
                  .filter(cp -> cp.getMetadata().getName().equals("general-purpose"))
                  .findFirst()
                  .orElseThrow()
                  .getStatus()
                  .drift());
      view.step(
          "      And a spec change: kubectl patch capacityprovider minimal (storage 30 -> 80 GiB)");
      kubectl(
          plane,
          "patch",
          "capacityprovider",
          "minimal",
          "--type",
          "merge",
          "-p",
          "{\"spec\":{\"managedInstancesProvider\":{\"instanceLaunchTemplate\":{\"storageConfiguration\":{\"storageSizeGiB\":80}}}}}");
      view.watchUntil(
          "minimal updated",
          rs ->
              rs.stream()
                  .anyMatch(
                      cp ->
                          cp.getMetadata().getName().equals("minimal")
                              && DemoView.ready(cp)
                              && "UPDATE_COMPLETE".equals(cp.getStatus().updateStatus())),
          STEP);

      view.step("[5/6] Delete: legacy has deletionPolicy Retain, so its provider stays in AWS");
      kubectl(plane, "delete", "capacityprovider", "legacy");
      view.say(
          "legacy-pool in AWS after the resource is gone: "
              + aws.provider(REGION, "legacy-pool").orElseThrow().status());
      view.say(
          "its owners delete legacy-pool with the AWS API; then kubectl delete -f config/samples/");
      try (EcsClient ecs = platformTeam(aws)) {
        ecs.deleteCapacityProvider(d -> d.capacityProvider("legacy-pool").cluster("prod"));
      }
      kubectl(
          plane,
          "delete",
          "-f",
          KubeVersions.projectRoot().resolve("config/samples").toString(),
          "--wait=false",
          "--ignore-not-found");
      AwsEmulator emulator = aws;
      view.watchUntil(
          "every resource and the role gone",
          rs -> rs.isEmpty() && emulator.role().isEmpty(),
          STEP);
      view.say(
          "capacity providers in AWS: "
              + aws.providers().stream().map(p -> p.name() + "=" + p.status()).toList());

      out.println("\n[6/6] Summary");
      view.printCalls("AWS calls made by the operator and the demo");
      out.printf(
          "      operator RSS %d MiB; logs: %s and %s%n",
          operator.rssKib() / 1024, operator.log(), work);
      if (keep) {
        keepRunning(plane, aws);
      }
      out.println(
          "\nDemo complete: everything converged, drift was corrected, and cleanup removed the providers and the role.");
      return 0;
    } catch (RuntimeException e) {
      out.println("\nDEMO FAILED: " + e.getMessage());
      out.println("operator log: " + work.resolve("operator.log"));
      return 1;
    } finally {
      running.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running already
      }
    }
  }

  /** What the demo started; stopped once, at the end or on Ctrl-C. */
  private final class Running {
    volatile ControlPlane plane;
    volatile AwsEmulator aws;
    volatile OperatorProcess operator;
    private boolean stopped;

    synchronized void stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      if (operator != null && operator.alive()) {
        int code = operator.terminate(Duration.ofSeconds(40));
        out.printf(
            "stopped the operator: SIGTERM, graceful shutdown, exit code %d (128 + SIGTERM)%n",
            code);
      }
      if (aws != null) {
        aws.close();
      }
      if (plane != null) {
        plane.close();
      }
      out.println(
          "stopped the AWS emulator and the API server; nothing is left running. Files: " + work);
    }
  }

  private static AwsEmulator startEmulator() {
    AwsEmulator aws = AwsEmulator.builder().behaviour(Behaviour.realistic()).start();
    aws.createCluster("us-east-1", "prod");
    aws.createCluster("eu-west-1", "prod");
    aws.faults().latency(Service.ECS, Faults.ANY, Duration.ofMillis(40));
    aws.faults().latency(Service.IAM, Faults.ANY, Duration.ofMillis(80));
    // legacy-pool predates the operator; it was made without the ECS side effect on the role, so
    // the operator's own role handling shows.
    Behaviour realistic = aws.behaviour();
    aws.configure(
        b -> b.requireRoleForCreate(false).ecsCreatesRole(false).createDelay(Duration.ZERO));
    try (EcsClient ecs = platformTeam(aws)) {
      ecs.createCapacityProvider(
          c ->
              c.name("legacy-pool")
                  .cluster("prod")
                  .managedInstancesProvider(
                      m ->
                          m.infrastructureRoleArn(
                                  "arn:aws:iam::123456789012:role/ecsInfrastructureRole")
                              .instanceLaunchTemplate(
                                  t ->
                                      t.ec2InstanceProfileArn(
                                              "arn:aws:iam::123456789012:instance-profile/ecsInstanceRole")
                                          .networkConfiguration(
                                              n -> n.subnets("subnet-0a1b2c3d")))));
    }
    aws.configure(b -> realistic.toBuilder());
    aws.calls().clear();
    return aws;
  }

  /** AWS as the platform team that owns legacy-pool sees it. */
  private static EcsClient platformTeam(AwsEmulator aws) {
    return EcsClient.builder()
        .endpointOverride(aws.endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPLATFORMTEAM", "x")))
        .build();
  }

  private void kubectl(ControlPlane plane, String... args) {
    Kubectl.Result result = plane.kubectl().run(null, args);
    out.printf(
        "      $ kubectl %s%n",
        String.join(" ", args).replace(KubeVersions.projectRoot() + "/", ""));
    result.stdout().lines().forEach(l -> out.println("        " + l));
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "kubectl " + String.join(" ", args) + " failed: " + result.stderr());
    }
  }

  private void keepRunning(ControlPlane plane, AwsEmulator aws) {
    out.printf(
        "%n--keep: everything stays up until Ctrl-C.%n  export KUBECONFIG=%s%n  kubectl apply -f config/samples/ && kubectl get ecscp -w%n  AWS emulator: %s (state: %s/_emulator/state)%n",
        plane.kubeconfig(), aws.endpoint(), aws.endpoint());
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
    try {
      forever.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
