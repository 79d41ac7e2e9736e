package io.ecsmi.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.emulator.Behaviour;
import io.ecsmi.emulator.JsonMergePatch;
import io.ecsmi.operator.OperatorRuntime;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.api.v1alpha1.Condition;
import io.ecsmi.operator.aws.AwsClients;
import io.ecsmi.operator.config.OperatorConfig;
import io.ecsmi.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The operator running in-process against the real test API server and a fresh AWS emulator,
 * watching a namespace of its own: one per test, so tests never share AWS or Kubernetes state. The
 * emulator enforces the shipped IAM policy on the operator's calls.
 */
public final class OperatorHarness implements AutoCloseable {

  public static final String REGION = "us-east-1";

  /** The operator's access key: what the emulator's call log names as the caller. */
  public static final String ACCESS_KEY = "AKIDTEST";

  public static final String CLUSTER = "prod";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;
  private final AwsEmulator emulator;
  private final String namespace;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OperatorRuntime runtime;

  private OperatorHarness(
      KubernetesClient client,
      AwsEmulator emulator,
      String namespace,
      String region,
      UnaryOperator<OperatorConfig.Builder> config,
      UnaryOperator<AwsClients.Settings> aws) {
    this.client = client;
    this.emulator = emulator;
    this.namespace = namespace;
    OperatorConfig.Builder base =
        OperatorConfig.builder(region)
            .awsEndpoint(emulator.endpoint())
            .namespaces(Set.of(namespace))
            .stateNamespace(java.util.Optional.of(namespace));
    this.runtime =
        OperatorRuntime.create(
                config.apply(base).build(),
                client,
                aws.apply(
                    AwsClients.Settings.defaults("ecs-mi-operator-test")
                        .withCredentials(
                            StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(ACCESS_KEY, "secret")))),
                registry,
                Clock.systemUTC())
            .start();
  }

  /**
   * Starts an emulator with {@code behaviour} and a cluster named {@link #CLUSTER}, and the
   * operator with the default config changed by {@code config}.
   */
  public static OperatorHarness start(
      KubernetesClient client, Behaviour behaviour, UnaryOperator<OperatorConfig.Builder> config) {
    return start(client, behaviour, config, aws -> aws);
  }

  /** As above, with the AWS clients' settings changed by {@code aws} (interceptors, endpoints). */
  public static OperatorHarness start(
      KubernetesClient client,
      Behaviour behaviour,
      UnaryOperator<OperatorConfig.Builder> config,
      UnaryOperator<AwsClients.Settings> aws) {
    return start(client, REGION, behaviour, config, aws);
  }

  /**
   * The operator with {@code region} as its default region, and a cluster {@link #CLUSTER} there;
   * the shipped policy is rendered for the region's partition.
   */
  public static OperatorHarness start(
      KubernetesClient client,
      String region,
      Behaviour behaviour,
      UnaryOperator<OperatorConfig.Builder> config,
      UnaryOperator<AwsClients.Settings> aws) {
    Crds.installCapacityProviderCrd(client);
    AwsEmulator emulator = AwsEmulator.builder().behaviour(behaviour).start();
    emulator.createCluster(region, CLUSTER);
    // The operator acts under the policy users get: a permission it lacks fails the test.
    emulator.attachPolicy(
        ACCESS_KEY, IamPolicies.shipped(io.ecsmi.emulator.Partition.of(region).id()));
    String namespace = Namespaces.create(client, "op");
    return new OperatorHarness(client, emulator, namespace, region, config, aws);
  }

  public static OperatorHarness start(KubernetesClient client) {
    return start(client, Behaviour.instant(), c -> c);
  }

  public AwsEmulator aws() {
    return emulator;
  }

  public String namespace() {
    return namespace;
  }

  public SimpleMeterRegistry registry() {
    return registry;
  }

  public OperatorRuntime runtime() {
    return runtime;
  }

  /** A sample from config/samples/, named {@code name}, in this harness's namespace. */
  public CapacityProvider sample(String file, String name) {
    Path path = KubeVersions.projectRoot().resolve("config/samples").resolve(file);
    try {
      CapacityProvider cp = SERIALIZATION.unmarshal(Files.readString(path), CapacityProvider.class);
      cp.getMetadata().setName(name);
      cp.getMetadata().setNamespace(namespace);
      return cp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sample changed by a JSON merge patch, e.g. {@code {"spec":{"deletionPolicy":"Retain"}}}. */
  public CapacityProvider sample(String file, String name, String mergePatch) {
    JsonNode json = SERIALIZATION.convertValue(sample(file, name), JsonNode.class);
    JsonNode patch = SERIALIZATION.unmarshal(mergePatch, JsonNode.class);
    return SERIALIZATION.convertValue(JsonMergePatch.apply(json, patch), CapacityProvider.class);
  }

  public CapacityProvider create(CapacityProvider cp) {
    cp.getMetadata().setNamespace(namespace);
    return client.resource(cp).create();
  }

  public Resource<CapacityProvider> resource(String name) {
    return client.resources(CapacityProvider.class).inNamespace(namespace).withName(name);
  }

  public CapacityProvider get(String name) {
    return resource(name).get();
  }

  /** Changes the resource as a user would: a JSON merge patch, e.g. {@code {"spec":{...}}}. */
  public CapacityProvider patch(String name, String mergePatch) {
    return resource(name)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            mergePatch);
  }

  /** Waits until the resource satisfies {@code condition} (and returns it). */
  public CapacityProvider await(String name, String what, Predicate<CapacityProvider> condition) {
    return await(name, what, condition, Duration.ofSeconds(30));
  }

  public CapacityProvider await(
      String name, String what, Predicate<CapacityProvider> condition, Duration atMost) {
    return Awaitility.await(name + ": " + what)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(name), cp -> cp != null && condition.test(cp));
  }

  public CapacityProvider awaitCondition(String name, String type, String status) {
    return await(name, type + "=" + status, cp -> hasCondition(cp, type, status));
  }

  public CapacityProvider awaitCondition(String name, String type, String status, String reason) {
    return await(
        name,
        type + "=" + status + " (" + reason + ")",
        cp -> hasCondition(cp, type, status) && reason.equals(condition(cp, type).reason()));
  }

  public CapacityProvider awaitReady(String name) {
    return await(name, "Ready for its generation", OperatorHarness::readyForItsGeneration);
  }

  /** Ready=True, and status describes the current spec. */
  public static boolean readyForItsGeneration(CapacityProvider cp) {
    return hasCondition(cp, "Ready", "True")
        && cp.getMetadata().getGeneration().equals(cp.getStatus().observedGeneration());
  }

  public void awaitGone(String name) {
    Awaitility.await("deleted " + name)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(name) == null);
  }

  public static boolean hasCondition(CapacityProvider cp, String type, String status) {
    Condition c = condition(cp, type);
    return c != null && status.equals(c.status());
  }

  public static Condition condition(CapacityProvider cp, String type) {
    return cp.getStatus() == null ? null : Conditions.find(cp.getStatus().conditions(), type);
  }

  /** The Events recorded about {@code name}. */
  public List<Event> events(String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  public List<String> eventReasons(String name) {
    return events(name).stream().map(Event::getReason).toList();
  }

  public void awaitEvent(String name, String reason) {
    awaitEvents(name, reason);
  }

  /** Waits until Events with all these reasons are about {@code name} (they are written async). */
  public void awaitEvents(String name, String... reasons) {
    Awaitility.await("events " + String.join(", ", reasons) + " on " + name)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> eventReasons(name).containsAll(List.of(reasons)));
  }

  /**
   * Stops the operator and the emulator, and lets go of what is left in the namespace: the
   * service-linked role's last-one-out counts CapacityProviders in every namespace, so a resource
   * left behind by one test would hold the role in the next.
   */
  @Override
  public void close() {
    runtime.close();
    emulator.close();
    Namespaces.forgetCapacityProviders(client, namespace);
  }
}
