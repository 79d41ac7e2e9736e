package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ManagedInstancesMonitoringOptions;

/** The JSON control API under /_emulator/ has the Java API's powers. */
class ControlApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsEmulator emulator = AwsEmulator.start();
  private final HttpClient http = HttpClient.newHttpClient();
  private final EcsClient ecs = Sdk.ecs(emulator.endpoint(), "us-east-1");

  @AfterEach
  void stop() {
    ecs.close();
    emulator.close();
  }

  @Test
  void setsUpAnAccountInjectsFaultsDriftsAndReportsStateAndCalls() throws Exception {
    assertThat(
            call("POST", "clusters", "{\"region\":\"us-east-1\",\"name\":\"prod\"}")
                .path("arn")
                .asText())
        .isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
    call("PUT", "role", "{\"present\":true}");
    JsonNode behaviour =
        call(
            "PUT",
            "behaviour",
            "{\"ecsDeletesRole\":true,\"updateDelayMillis\":0,\"omittedOnUpdate\":\"KEEP\","
                + "\"staleUpdateResponses\":true}");
    assertThat(behaviour.path("omittedOnUpdate").asText()).isEqualTo("KEEP");
    assertThat(emulator.behaviour().staleUpdateResponses()).isTrue();
    ecs.createCapacityProvider(Providers.create("prod", "general"));

    call(
        "POST",
        "drift",
        "{\"region\":\"us-east-1\",\"name\":\"general\","
            + "\"managedInstancesProvider\":{\"instanceLaunchTemplate\":{\"monitoring\":\"DETAILED\"}},"
            + "\"tags\":{\"rogue\":\"1\"}}");
    assertThat(
            ecs.describeCapacityProviders(d -> d.cluster("prod").capacityProviders("general"))
                .capacityProviders()
                .get(0)
                .managedInstancesProvider()
                .instanceLaunchTemplate()
                .monitoring())
        .isEqualTo(ManagedInstancesMonitoringOptions.DETAILED);

    call(
        "POST",
        "fail-next",
        "{\"service\":\"ecs\",\"operation\":\"DescribeCapacityProviders\",\"code\":\"ServerException\",\"status\":500}");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ecs.describeCapacityProviders(d -> d.cluster("prod")))
        .isInstanceOfSatisfying(EcsException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    call(
        "PUT", "provider-faults", "{\"region\":\"us-east-1\",\"name\":\"general\",\"inUse\":true}");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ecs.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod")))
        .hasMessageContaining("in use");
    call("PUT", "latency", "{\"service\":\"iam\",\"millis\":5}");
    call("PUT", "chaos", "{\"service\":\"iam\",\"throttle\":0.0}");
    call("PUT", "rate-limit", "{\"service\":\"ecs\",\"perSecond\":1000,\"burst\":1000}");

    JsonNode state = call("GET", "state", null);
    assertThat(state.path("clusters").path("us-east-1").get(0).asText()).isEqualTo("prod");
    assertThat(state.path("capacityProviders").get(0).path("tags").path("rogue").asText())
        .isEqualTo("1");
    assertThat(state.path("serviceLinkedRole").path("arn").asText())
        .endsWith("AWSServiceRoleForECSCompute");
    assertThat(state.path("behaviour").path("ecsDeletesRole").asBoolean()).isTrue();
    JsonNode calls = call("GET", "calls", null);
    assertThat(calls.path("total").asLong()).isEqualTo(4);
    assertThat(calls.path("stats").findValuesAsText("outcome"))
        .contains("success", "ServerException", "ClientException");

    call("POST", "reset", null);
    assertThat(emulator.providers()).isEmpty();
    assertThat(emulator.calls().total()).isZero();
  }

  @Test
  void theRoleRouteAndTheStateArePerPartition() throws Exception {
    call("PUT", "role", "{\"present\":true,\"partition\":\"aws-cn\"}");

    JsonNode state = call("GET", "state", null);
    assertThat(state.path("serviceLinkedRole").isNull()).as("aws at the top level").isTrue();
    assertThat(
            state.path("partitions").path("aws-cn").path("serviceLinkedRole").path("arn").asText())
        .startsWith("arn:aws-cn:iam::123456789012:role/aws-service-role/");
    assertThat(state.path("partitions").path("aws-us-gov").path("serviceLinkedRole").isNull())
        .isTrue();
    call("PUT", "role", "{\"present\":false,\"partition\":\"aws-cn\"}");
    assertThat(emulator.role("aws-cn")).isEmpty();
    assertThat(raw("PUT", "role", "{\"present\":true,\"partition\":\"aws-iso\"}").body())
        .contains("does not emulate the partition 'aws-iso'");
  }

  @Test
  void policiesAreAttachedShownAndDetached() throws Exception {
    call("POST", "clusters", "{\"region\":\"us-east-1\",\"name\":\"prod\"}");
    call(
        "PUT",
        "policies",
        "{\"accessKeyId\":\"AKIDEXAMPLE\",\"policy\":{\"Version\":\"2012-10-17\","
            + "\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"ecs:Describe*\",\"Resource\":\"*\"}}}");

    ecs.describeCapacityProviders(d -> d.cluster("prod"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ecs.createCapacityProvider(Providers.create("prod", "general")))
        .isInstanceOf(software.amazon.awssdk.services.ecs.model.AccessDeniedException.class);
    JsonNode policies = call("GET", "state", null).path("policies");
    assertThat(policies.get(0).path("accessKeyId").asText()).isEqualTo("AKIDEXAMPLE");
    assertThat(policies.get(0).path("policy").path("Statement").path("Action").asText())
        .isEqualTo("ecs:Describe*");

    call("DELETE", "policies", "{\"accessKeyId\":\"AKIDEXAMPLE\"}");
    call("PUT", "role", "{\"present\":true}");
    ecs.createCapacityProvider(Providers.create("prod", "general"));
    String withVariable =
        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\","
            + "\"Resource\":\"arn:aws:iam::*:user/${aws:username}\"}}";
    HttpResponse<String> bad =
        raw(
            "PUT",
            "policies",
            JSON.createObjectNode()
                .put("accessKeyId", "AKIDEXAMPLE")
                .put("policy", withVariable) // a policy may also come as a string
                .toString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("policy variable");
  }

  @Test
  void aClusterIsDeletedUnlessProvidersAreAttached() throws Exception {
    call("POST", "clusters", "{\"region\":\"us-east-1\",\"name\":\"prod\"}");
    call("PUT", "role", "{\"present\":true}");
    ecs.createCapacityProvider(Providers.create("prod", "general"));

    HttpResponse<String> refused =
        raw("DELETE", "clusters", "{\"region\":\"us-east-1\",\"name\":\"prod\"}");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("Cluster Scoped Capacity Providers are attached");

    ecs.deleteCapacityProvider(d -> d.capacityProvider("general").cluster("prod"));
    call("DELETE", "clusters", "{\"region\":\"us-east-1\",\"name\":\"prod\"}");
    assertThat(emulator.clusters().get("us-east-1")).isEmpty();
  }

  @Test
  void badRequestsSayWhatIsWrong() throws Exception {
    assertThat(raw("PUT", "behaviour", "{\"omittedOnUpdate\":\"MERGE\"}").body())
        .contains("omittedOnUpdate must be RESET or KEEP");
    HttpResponse<String> unknownSetting = raw("PUT", "behaviour", "{\"warpSpeed\":true}");
    assertThat(unknownSetting.statusCode()).isEqualTo(400);
    assertThat(unknownSetting.body()).contains("unknown behaviour setting 'warpSpeed'");
    HttpResponse<String> missing = raw("POST", "clusters", "{\"region\":\"us-east-1\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("'name' is required");
    assertThat(raw("GET", "nowhere", null).statusCode()).isEqualTo(404);
    assertThat(raw("PUT", "chaos", "{\"service\":\"sqs\"}").body())
        .contains("unknown service 'sqs'");
  }

  private JsonNode call(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response = raw(method, path, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> raw(String method, String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/_emulator/" + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
