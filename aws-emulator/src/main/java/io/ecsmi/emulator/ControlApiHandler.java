package io.ecsmi.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.ecsmi.emulator.ecs.ProviderFaults;
import io.ecsmi.emulator.faults.Chaos;
import io.ecsmi.emulator.faults.Faults;
import io.ecsmi.emulator.iam.DeletionTask;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The emulator's control plane over HTTP (JSON), with the same powers as the Java API, for the
 * demo, other processes and users' own tests:
 *
 * <pre>
 * POST /_emulator/reset
 * GET  /_emulator/state                       clusters, providers, role, deletion tasks, behaviour
 * GET  /_emulator/calls                       call accounting per service/operation/outcome
 * POST /_emulator/clusters      {"region","name"}
 * DELETE /_emulator/clusters    {"region","name"}   409 while providers are attached
 * PUT  /_emulator/behaviour     {"createDelayMillis",...,"ecsCreatesRole",...,
 *                               "omittedOnUpdate":"RESET"|"KEEP","staleUpdateResponses"} (partial)
 * PUT  /_emulator/latency       {"service","operation"?,"millis"}
 * PUT  /_emulator/chaos         {"service","operation"?,"throttle","serverError","connectionReset",
 *                                "responseLost"?}
 * POST /_emulator/fail-next     {"service","operation"?,"count","code","message"?,"status"?}
 * PUT  /_emulator/rate-limit    {"service","region"?,"perSecond","burst"}
 * PUT  /_emulator/provider-faults {"region","name","updateFailure"?,"deleteFailure"?,"inUse"?}
 * POST /_emulator/drift         {"region","name","managedInstancesProvider"?:mergePatch,"tags"?:{k:v|null}}
 * PUT  /_emulator/role          {"present":true|false,"partition"?:"aws"|"aws-cn"|"aws-us-gov"}
 * PUT  /_emulator/policies      {"accessKeyId","policy":{...}|"...","principal"?}
 * DELETE /_emulator/policies    {"accessKeyId"}
 * </pre>
 */
final class ControlApiHandler implements HttpHandler {

  static final String PREFIX = "/_emulator/";

  private final AwsEmulator emulator;

  ControlApiHandler(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
      String route = exchange.getRequestMethod() + " " + path;
      byte[] body = exchange.getRequestBody().readAllBytes();
      JsonNode in =
          body.length == 0 ? emulator.json().createObjectNode() : emulator.json().readTree(body);
      JsonNode out;
      try {
        out = route(route, in);
      } catch (IllegalArgumentException | NullPointerException | IllegalStateException e) {
        ObjectNode error = emulator.json().createObjectNode().put("error", e.getMessage());
        int status = e instanceof IllegalStateException ? 409 : 400;
        AwsApiHandler.send(exchange, status, "application/json", error.toString());
        return;
      }
      if (out == null) {
        AwsApiHandler.send(
            exchange, 404, "application/json", "{\"error\":\"no route " + route + "\"}");
        return;
      }
      AwsApiHandler.send(
          exchange,
          200,
          "application/json",
          emulator.json().writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }
  }

  private JsonNode route(String route, JsonNode in) {
    ObjectNode ok = emulator.json().createObjectNode().put("ok", true);
    switch (route) {
      case "POST reset" -> emulator.reset();
      case "GET state" -> {
        return state();
      }
      case "GET calls" -> {
        return calls();
      }
      case "POST clusters" -> {
        return ok.put("arn", emulator.createCluster(required(in, "region"), required(in, "name")));
      }
      case "DELETE clusters" ->
          emulator.deleteCluster(required(in, "region"), required(in, "name"));
      case "PUT behaviour" -> {
        return behaviourJson(emulator.configure(b -> behaviour(b, in)));
      }
      case "PUT latency" ->
          emulator
              .faults()
              .latency(service(in), operation(in), Duration.ofMillis(in.path("millis").asLong()));
      case "PUT chaos" ->
          emulator
              .faults()
              .chaos(
                  service(in),
                  operation(in),
                  new Chaos(
                      in.path("throttle").asDouble(),
                      in.path("serverError").asDouble(),
                      in.path("connectionReset").asDouble(),
                      in.path("responseLost").asDouble()));
      case "POST fail-next" -> {
        Service service = service(in);
        String code = required(in, "code");
        String message = in.path("message").asText("Injected " + code);
        int status = in.path("status").asInt(service == Service.ECS ? 400 : 400);
        emulator
            .faults()
            .failNext(
                service,
                operation(in),
                in.path("count").asInt(1),
                new AwsError(code, message, status));
      }
      case "PUT rate-limit" ->
          emulator
              .faults()
              .rateLimit(
                  service(in),
                  in.path("region").asText(Faults.ANY),
                  in.path("perSecond").asDouble(),
                  in.path("burst").asInt(1));
      case "PUT provider-faults" ->
          emulator.setProviderFaults(
              required(in, "region"),
              required(in, "name"),
              new ProviderFaults(
                  in.path("updateFailure").asText(null),
                  in.path("deleteFailure").asText(null),
                  in.path("inUse").asBoolean(false)));
      case "POST drift" -> {
        String region = required(in, "region");
        String name = required(in, "name");
        if (in.has("managedInstancesProvider")) {
          emulator.driftConfiguration(region, name, in.get("managedInstancesProvider").toString());
        }
        if (in.has("tags")) {
          Map<String, String> tags = new LinkedHashMap<>();
          in.get("tags")
              .properties()
              .forEach(
                  e -> tags.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
          emulator.driftTags(region, name, tags);
        }
      }
      case "PUT role" -> {
        String partition = in.path("partition").asText(Partition.AWS.id());
        if (in.path("present").asBoolean()) {
          emulator.seedRole(partition);
        } else {
          emulator.removeRole(partition);
        }
      }
      case "PUT policies" -> {
        JsonNode policy = in.get("policy");
        if (policy == null || policy.isNull()) {
          throw new IllegalArgumentException("'policy' is required");
        }
        // The policy document as a JSON object, or as a string holding one.
        String json = policy.isTextual() ? policy.asText() : policy.toString();
        String principal = in.path("principal").asText(null);
        if (principal == null) {
          emulator.attachPolicy(required(in, "accessKeyId"), json);
        } else {
          emulator.attachPolicy(required(in, "accessKeyId"), json, principal);
        }
      }
      case "DELETE policies" -> emulator.detachPolicy(required(in, "accessKeyId"));
      default -> {
        return null;
      }
    }
    return ok;
  }

  private JsonNode state() {
    ObjectNode state = emulator.json().createObjectNode();
    state.set("clusters", emulator.json().valueToTree(emulator.clusters()));
    ArrayNode providers = state.putArray("capacityProviders");
    for (CapacityProviderState p : emulator.providers()) {
      providers.add(emulator.json().valueToTree(p));
    }
    // The aws partition's IAM at the top level; every partition's under "partitions".
    iamState(state, Partition.AWS);
    ObjectNode partitions = state.putObject("partitions");
    for (Partition partition : Partition.values()) {
      iamState(partitions.putObject(partition.id()), partition);
    }
    ArrayNode policies = state.putArray("policies");
    emulator
        .accessControl()
        .attached()
        .forEach(
            a ->
                policies
                    .addObject()
                    .put("accessKeyId", a.accessKeyId())
                    .put("principal", a.principalArn())
                    .set("policy", parsed(a.policyJson())));
    state.set("behaviour", behaviourJson(emulator.behaviour()));
    return state;
  }

  private JsonNode parsed(String json) {
    try {
      return emulator.json().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("an attached policy is always valid JSON", e);
    }
  }

  private void iamState(ObjectNode into, Partition partition) {
    into.set(
        "serviceLinkedRole",
        emulator
            .role(partition.id())
            .map(
                r ->
                    (JsonNode)
                        emulator
                            .json()
                            .createObjectNode()
                            .put("arn", r.arn())
                            .put("createDate", r.createDate().toString())
                            .put("visibleAt", r.visibleAt().toString()))
            .orElse(emulator.json().nullNode()));
    ArrayNode tasks = into.putArray("deletionTasks");
    for (DeletionTask task : emulator.deletionTasks(partition.id())) {
      ObjectNode t =
          tasks
              .addObject()
              .put("id", task.id())
              .put("status", task.status())
              .put("failureReason", task.failureReason());
      t.set("roleUsage", emulator.json().valueToTree(task.roleUsage()));
    }
  }

  /** The behaviour in the keys {@code PUT /_emulator/behaviour} takes. */
  private JsonNode behaviourJson(Behaviour b) {
    return emulator
        .json()
        .createObjectNode()
        .put("createDelayMillis", b.createDelay().toMillis())
        .put("updateDelayMillis", b.updateDelay().toMillis())
        .put("deleteDelayMillis", b.deleteDelay().toMillis())
        .put("inactiveRetentionMillis", b.inactiveRetention().toMillis())
        .put("iamConsistencyDelayMillis", b.iamConsistencyDelay().toMillis())
        .put("roleDeletionQueueDelayMillis", b.roleDeletionQueueDelay().toMillis())
        .put("roleDeletionDelayMillis", b.roleDeletionDelay().toMillis())
        .put("deletionTaskRetentionMillis", b.deletionTaskRetention().toMillis())
        .put("ecsCreatesRole", b.ecsCreatesRole())
        .put("ecsDeletesRole", b.ecsDeletesRole())
        .put("ecsRoleCleanupDelayMillis", b.ecsRoleCleanupDelay().toMillis())
        .put("requireRoleForCreate", b.requireRoleForCreate())
        .put("omittedOnUpdate", b.omittedOnUpdate().name())
        .put("staleUpdateResponses", b.staleUpdateResponses());
  }

  private JsonNode calls() {
    ObjectNode out = emulator.json().createObjectNode();
    out.put("total", emulator.calls().total());
    ArrayNode stats = out.putArray("stats");
    for (CallLog.Stats s : emulator.calls().stats()) {
      stats
          .addObject()
          .put("service", s.service().id())
          .put("operation", s.operation())
          .put("outcome", s.outcome())
          .put("count", s.count())
          .put("meanMillis", s.meanLatency().toNanos() / 1e6);
    }
    return out;
  }

  private static Behaviour.Builder behaviour(Behaviour.Builder b, JsonNode in) {
    in.properties()
        .forEach(
            e -> {
              JsonNode v = e.getValue();
              switch (e.getKey()) {
                case "createDelayMillis" -> b.createDelay(Duration.ofMillis(v.asLong()));
                case "updateDelayMillis" -> b.updateDelay(Duration.ofMillis(v.asLong()));
                case "deleteDelayMillis" -> b.deleteDelay(Duration.ofMillis(v.asLong()));
                case "inactiveRetentionMillis" ->
                    b.inactiveRetention(Duration.ofMillis(v.asLong()));
                case "iamConsistencyDelayMillis" ->
                    b.iamConsistencyDelay(Duration.ofMillis(v.asLong()));
                case "roleDeletionQueueDelayMillis" ->
                    b.roleDeletionQueueDelay(Duration.ofMillis(v.asLong()));
                case "roleDeletionDelayMillis" ->
                    b.roleDeletionDelay(Duration.ofMillis(v.asLong()));
                case "deletionTaskRetentionMillis" ->
                    b.deletionTaskRetention(Duration.ofMillis(v.asLong()));
                case "ecsCreatesRole" -> b.ecsCreatesRole(v.asBoolean());
                case "ecsDeletesRole" -> b.ecsDeletesRole(v.asBoolean());
                case "ecsRoleCleanupDelayMillis" ->
                    b.ecsRoleCleanupDelay(Duration.ofMillis(v.asLong()));
                case "requireRoleForCreate" -> b.requireRoleForCreate(v.asBoolean());
                case "omittedOnUpdate" -> b.omittedOnUpdate(omittedOnUpdate(v.asText()));
                case "staleUpdateResponses" -> b.staleUpdateResponses(v.asBoolean());
                default ->
                    throw new IllegalArgumentException(
                        "unknown behaviour setting '"
                            + e.getKey()
                            + "' (settings: createDelayMillis, updateDelayMillis,"
                            + " deleteDelayMillis, inactiveRetentionMillis,"
                            + " iamConsistencyDelayMillis, roleDeletionQueueDelayMillis,"
                            + " roleDeletionDelayMillis, deletionTaskRetentionMillis,"
                            + " ecsCreatesRole, ecsDeletesRole, ecsRoleCleanupDelayMillis,"
                            + " requireRoleForCreate, omittedOnUpdate, staleUpdateResponses)");
              }
            });
    return b;
  }

  private static Behaviour.OmittedOnUpdate omittedOnUpdate(String value) {
    try {
      return Behaviour.OmittedOnUpdate.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "omittedOnUpdate must be RESET or KEEP, not '" + value + "'", e);
    }
  }

  private static Service service(JsonNode in) {
    return Service.of(required(in, "service"));
  }

  private static String operation(JsonNode in) {
    return in.path("operation").asText(Faults.ANY);
  }

  private static String required(JsonNode in, String field) {
    String value = in.path(field).asText(null);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    return value;
  }
}
