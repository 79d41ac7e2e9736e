package io.ecsmi.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsmi.operator.testing.Crds;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.KubeVersions;
import io.ecsmi.operator.testing.Kubectl;
import io.ecsmi.operator.testing.LocalKubeApiServer;
import io.ecsmi.operator.testing.Namespaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated CRD against the real API server: every sample is accepted and stored without loss,
 * every manifest of the invalid corpus is rejected with a message naming its field, and kubectl
 * explains and prints the resource.
 */
@ExtendWith(KubeApiServerExtension.class)
class CapacityProviderCrdIT {

  private static final ResourceDefinitionContext CAPACITY_PROVIDERS =
      new ResourceDefinitionContext.Builder()
          .withGroup("ecsmi.io")
          .withVersion("v1alpha1")
          .withPlural("capacityproviders")
          .withKind("CapacityProvider")
          .withNamespaced(true)
          .build();
  private static final Path SAMPLES = KubeVersions.projectRoot().resolve("config/samples");
  private static final Path INVALID = Path.of("src/test/resources/invalid");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** JSON numbers compare by value: the API server stores 2.0 as 2. */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? a.decimalValue().compareTo(b.decimalValue())
              : a.equals(b) ? 0 : 1;

  private static String namespace;

  @BeforeAll
  static void installCrd(KubernetesClient client) {
    Crds.installCapacityProviderCrd(client);
    namespace = Namespaces.create(client, "crd");
  }

  static Stream<Path> samples() throws IOException {
    return files(SAMPLES);
  }

  static Stream<Path> invalidManifests() throws IOException {
    return files(INVALID);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everySampleIsAcceptedAndStoredWithoutLoss(Path sample, KubernetesClient client)
      throws IOException {
    GenericKubernetesResource manifest = documents(sample).get(0);

    GenericKubernetesResource stored =
        client
            .genericKubernetesResources(CAPACITY_PROVIDERS)
            .inNamespace(namespace)
            .resource(manifest)
            .create();

    JsonNode storedSpec = JSON.valueToTree(stored.getAdditionalProperties().get("spec"));
    JsonNode sentSpec = JSON.valueToTree(manifest.getAdditionalProperties().get("spec"));
    assertThat(storedSpec.equals(NUMBERS_BY_VALUE, sentSpec))
        .as(
            "the spec as stored (a field the schema lacks would be pruned):%n%s%n%s",
            storedSpec, sentSpec)
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void theJavaModelCoversEveryFieldOfEverySample(Path sample) throws IOException {
    GenericKubernetesResource manifest = documents(sample).get(0);

    CapacityProvider model =
        Serialization.unmarshal(Serialization.asJson(manifest), CapacityProvider.class);

    JsonNode fromModel = JSON.valueToTree(model.getSpec());
    JsonNode fromFile = JSON.valueToTree(manifest.getAdditionalProperties().get("spec"));
    assertThat(fromModel).isEqualTo(fromFile);
  }

  @Test
  void theFullSampleRoundTripsThroughTheApiServerLosslessly(KubernetesClient client)
      throws IOException {
    CapacityProvider full =
        Serialization.unmarshal(
            Files.readString(SAMPLES.resolve("full.yaml")), CapacityProvider.class);
    full.getMetadata().setName("round-trip");

    client.resource(full).inNamespace(namespace).create();
    CapacityProvider read =
        client
            .resources(CapacityProvider.class)
            .inNamespace(namespace)
            .withName("round-trip")
            .get();

    assertThat(read.getSpec()).isEqualTo(full.getSpec());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void everyInvalidManifestIsRejectedNamingTheField(Path file, KubernetesClient client)
      throws IOException {
    List<GenericKubernetesResource> docs = documents(file);
    String expected = expectation(file);
    var resources = client.genericKubernetesResources(CAPACITY_PROVIDERS).inNamespace(namespace);
    GenericKubernetesResource rejected = docs.get(docs.size() - 1);
    String name =
        "invalid-"
            + file.getFileName().toString().replace(".yaml", "").replaceAll("[^a-z0-9-]", "");
    docs.forEach(
        d -> {
          if (!d.getMetadata().getName().equals("ecs-pool")) {
            d.getMetadata().setName(name.length() > 63 ? name.substring(0, 63) : name);
          }
        });
    if (docs.size() == 2) {
      resources.resource(docs.get(0)).create(); // the update of an existing object is what fails
    }

    try {
      assertThatThrownBy(
              () -> {
                if (docs.size() == 2) {
                  resources.resource(rejected).update();
                } else {
                  resources.resource(rejected).create();
                }
              })
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(422);
                assertThat(e.getMessage()).contains(expected);
              });
    } finally {
      if (docs.size() == 2) {
        resources.withName(docs.get(0).getMetadata().getName()).delete();
      }
    }
  }

  @Test
  void listsAwsDoesNotBoundAreNotBoundHere(KubernetesClient client) throws IOException {
    // ECS's ManagedInstancesNetworkConfiguration lists (StringList) have no bounds; how many
    // security groups an instance takes is an EC2 quota of the account, raisable.
    String many =
        Files.readString(SAMPLES.resolve("minimal.yaml"))
            .replace("name: minimal", "name: many-subnets")
            .replace(
                "subnets: [subnet-0a1b2c3d]",
                "subnets: ["
                    + String.join(
                        ", ",
                        java.util.stream.IntStream.range(0, 20)
                            .mapToObj(i -> "subnet-0a1b2c3d" + i)
                            .toList())
                    + "]\n        securityGroups: ["
                    + String.join(
                        ", ",
                        java.util.stream.IntStream.range(0, 16)
                            .mapToObj(i -> "sg-0123456789abcd" + i)
                            .toList())
                    + "]");

    CapacityProvider stored =
        client
            .resource(Serialization.unmarshal(many, CapacityProvider.class))
            .inNamespace(namespace)
            .create();

    var network =
        stored.getSpec().managedInstancesProvider().instanceLaunchTemplate().networkConfiguration();
    assertThat(network.subnets()).hasSize(20);
    assertThat(network.securityGroups()).hasSize(16);
  }

  @Test
  void theInvalidCorpusIsLargeAndCoversUpdates() throws IOException {
    List<Path> corpus = invalidManifests().toList();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);
    assertThat(corpus)
        .filteredOn(p -> p.getFileName().toString().startsWith("update-"))
        .hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void kubectlExplainDescribesNestedFields(LocalKubeApiServer server) {
    Kubectl.Result explain =
        new Kubectl(server)
            .run(
                null,
                "explain",
                "capacityproviders.spec.managedInstancesProvider.instanceLaunchTemplate");

    assertThat(explain.exitCode()).as(explain.stderr()).isZero();
    assertThat(explain.stdout())
        .contains("ec2InstanceProfileArn")
        .contains("ARN of the EC2 instance profile of the instances")
        .contains("capacityOptionType")
        .contains("Immutable");
  }

  @Test
  void kubectlPrintsTheColumnsAndFindsTheResourceByShortNameAndCategory(
      LocalKubeApiServer server, KubernetesClient client) throws IOException {
    CapacityProvider cp =
        Serialization.unmarshal(
            Files.readString(SAMPLES.resolve("minimal.yaml")), CapacityProvider.class);
    cp.getMetadata().setName("printed");
    cp.getMetadata().setNamespace(namespace);
    client.resource(cp).create();
    cp.setStatus(
        CapacityProviderStatus.builder()
            .conditions(
                List.of(new Condition("Ready", "True", 1L, "2026-01-01T00:00:00Z", "Ready", "ok")))
            .awsStatus("ACTIVE")
            .updateStatus("CREATE_COMPLETE")
            .capacityProviderArn("arn:aws:ecs:us-east-1:123456789012:capacity-provider/printed")
            .build());
    client.resource(cp).updateStatus();
    Kubectl kubectl = new Kubectl(server);

    Kubectl.Result wide =
        kubectl.run(null, "get", "ecscp", "printed", "-n", namespace, "-o", "wide");
    Kubectl.Result byCategory = kubectl.run(null, "get", "ecsmi", "-n", namespace);

    assertThat(wide.exitCode()).as(wide.stderr()).isZero();
    assertThat(wide.stdout().lines().findFirst().orElseThrow())
        .matches("NAME\\s+CLUSTER\\s+READY\\s+AWS STATUS\\s+UPDATE\\s+AGE\\s+ARN\\s*");
    assertThat(wide.stdout())
        .contains("prod")
        .contains("True")
        .contains("ACTIVE")
        .contains("CREATE_COMPLETE")
        .contains("capacity-provider/printed");
    assertThat(byCategory.stdout()).contains("printed");
  }

  @Test
  void kubectlApplyRejectsAnUnknownFieldNamingIt(LocalKubeApiServer server) throws IOException {
    String typo =
        Files.readString(SAMPLES.resolve("minimal.yaml"))
            .replace("name: minimal", "name: typo")
            .replace("        subnets:", "        subnet:");

    Kubectl.Result apply = new Kubectl(server).run(typo, "apply", "-n", namespace, "-f", "-");

    assertThat(apply.exitCode()).isNotZero();
    assertThat(apply.stderr())
        .contains("unknown field")
        .contains(
            "spec.managedInstancesProvider.instanceLaunchTemplate.networkConfiguration.subnet");
  }

  private static Stream<Path> files(Path dir) throws IOException {
    return Files.list(dir).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  private static List<GenericKubernetesResource> documents(Path file) throws IOException {
    return Stream.of(Files.readString(file).split("(?m)^---\\s*$"))
        .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind:")))
        .map(doc -> Serialization.unmarshal(doc, GenericKubernetesResource.class))
        .toList();
  }

  private static String expectation(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> l.startsWith("# expect: "))
        .map(l -> l.substring("# expect: ".length()).trim())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(file + " has no '# expect:' line"));
  }
}
