package io.ecsmi.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ecsmi.emulator.faults.Fault;
import io.ecsmi.emulator.iam.Authorization;
import io.ecsmi.emulator.iam.IamXml;
import io.ecsmi.emulator.sts.Sts;
import io.ecsmi.emulator.sts.StsXml;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS wire protocols: {@code POST /} with {@code X-Amz-Target} is ECS (awsJson1_1), with a form
 * {@code Action} it is IAM, or STS when signed for {@code sts} (Query, XML answers). Signatures are
 * accepted, not verified; the region, and so the {@link Partition}, comes from the SigV4 credential
 * scope. A call for a partition the emulator does not emulate is answered with an error that says
 * so.
 */
final class AwsApiHandler implements HttpHandler {

  /** What an unsigned ECS call is taken to be signed for. */
  static final String DEFAULT_ECS_REGION = "us-east-1";

  /** What an unsigned IAM call is taken to be signed for. */
  static final String DEFAULT_IAM_REGION = "aws-global";

  private static final String ECS_TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
  private static final String ECS_CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final String QUERY_CONTENT_TYPE = "text/xml";
  private static final Pattern SCOPE =
      Pattern.compile("Credential=([^/,]+)/\\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request");

  private final AwsEmulator emulator;

  AwsApiHandler(AwsEmulator emulator) {
    this.emulator = emulator;
  }

  /** Thrown to drop the connection without an answer; the HTTP server closes it. */
  private static final class DropConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // What the call log records: the call never reached the service, or its answer was lost.
    final String outcome;

    DropConnection(String outcome) {
      super("injected connection reset", null, false, false);
      this.outcome = outcome;
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())
          || !"/".equals(exchange.getRequestURI().getPath())) {
        send(
            exchange,
            404,
            "text/plain",
            "aws-emulator: POST / only (control API under /_emulator/)");
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String caller = scope(exchange, 1, "anonymous");
      String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
      Call call =
          target != null
              ? new Call(
                  Service.ECS,
                  target.substring(target.lastIndexOf('.') + 1),
                  scope(exchange, 2, DEFAULT_ECS_REGION),
                  caller,
                  token)
              : queryCall(
                  "sts".equals(scope(exchange, 3, "iam")) ? Service.STS : Service.IAM,
                  body,
                  scope(exchange, 2, DEFAULT_IAM_REGION),
                  caller,
                  token);
      Answer answer;
      try {
        answer = answer(call, target, body);
      } catch (DropConnection drop) {
        record(call, drop.outcome, started);
        throw drop;
      }
      // Recorded before the answer leaves: a client that has its answer sees its call in the log.
      record(call, answer.outcome, started);
      send(exchange, answer.status, answer.contentType, answer.body);
    }
  }

  /** What the emulator answers to one call; {@code outcome} is the error code or success. */
  private record Answer(int status, String contentType, String body, String outcome) {}

  private Answer answer(Call call, String target, byte[] body) throws IOException {
    pause(emulator.faults().latencyOf(call.service, call.operation));
    Optional<Fault> fault = emulator.faults().decide(call.service, call.operation, call.region);
    if (fault.isPresent() && fault.get() instanceof Fault.ConnectionReset) {
      throw new DropConnection(CallLog.CONNECTION_RESET);
    }
    if (fault.isPresent() && fault.get() instanceof Fault.Error injected) {
      return failed(call, injected.error());
    }
    Answer answer = carryOut(call, target, body);
    if (fault.isPresent() && fault.get() instanceof Fault.ResponseLost) {
      throw new DropConnection(
          answer.outcome.equals(CallLog.SUCCESS)
              ? CallLog.RESPONSE_LOST
              : answer.outcome + "+" + CallLog.RESPONSE_LOST);
    }
    return answer;
  }

  /** What the service does with the call, and its answer. */
  private Answer carryOut(Call call, String target, byte[] body) throws IOException {
    try {
      Partition partition = partition(call);
      Sts.Caller who = emulator.caller(call.caller, call.token, call.service);
      Account account = emulator.accountOf(who);
      if (call.service == Service.ECS) {
        if (!target.startsWith(ECS_TARGET_PREFIX)) {
          throw AwsError.ecs("UnknownOperationException", "Unknown target " + target);
        }
        return new Answer(200, ECS_CONTENT_TYPE, ecs(call, account, body), CallLog.SUCCESS);
      }
      if (call.service == Service.STS) {
        return new Answer(200, QUERY_CONTENT_TYPE, sts(call, who, form(body)), CallLog.SUCCESS);
      }
      return new Answer(
          200, QUERY_CONTENT_TYPE, iam(call, account, partition, form(body)), CallLog.SUCCESS);
    } catch (AwsError error) {
      return failed(call, error);
    }
  }

  private Answer failed(Call call, AwsError error) throws IOException {
    return switch (call.service) {
      case ECS -> new Answer(error.httpStatus(), ECS_CONTENT_TYPE, ecsError(error), error.code());
      case IAM ->
          new Answer(
              error.httpStatus(),
              QUERY_CONTENT_TYPE,
              IamXml.error(error, requestId()),
              error.code());
      case STS ->
          new Answer(
              error.httpStatus(),
              QUERY_CONTENT_TYPE,
              StsXml.error(error, requestId()),
              error.code());
    };
  }

  private void record(Call call, String outcome, long started) {
    emulator
        .calls()
        .record(
            new CallLog.Call(
                call.service,
                call.operation,
                call.region,
                call.caller,
                outcome,
                Duration.ofNanos(System.nanoTime() - started),
                emulator.clock().instant()));
  }

  /**
   * One call: what it asks for, where (its SigV4 scope region), who signed it and the session token
   * it carried (temporary credentials), if any.
   */
  private record Call(
      Service service, String operation, String region, String caller, String token) {}

  /** An IAM or STS call (Query protocol: the operation is the form's Action). */
  private Call queryCall(
      Service service, byte[] body, String signingRegion, String caller, String token) {
    String action = form(body).get("Action");
    return new Call(
        service, action == null ? "MissingAction" : action, signingRegion, caller, token);
  }

  /**
   * ECS: the partition of the signing region. IAM: the partition whose IAM endpoint signs with that
   * region ({@code aws-global}/{@code us-east-1}, {@code aws-cn-global}/{@code cn-north-1}, {@code
   * aws-us-gov-global}/{@code us-gov-west-1}; research iam-authorization.md §4.2).
   */
  private static Partition partition(Call call) {
    if (call.service == Service.STS) {
      // STS signs with its endpoint's region (a regional endpoint, or us-east-1 for the global).
      return Partition.find(call.region).orElse(Partition.AWS);
    }
    if (call.service == Service.ECS) {
      return Partition.find(call.region)
          .orElseThrow(
              () ->
                  AwsError.ecs(
                      "UnsupportedFeatureException", Partition.notEmulated("region", call.region)));
    }
    return Partition.ofIamSigningRegion(call.region)
        .orElseThrow(
            () ->
                AwsError.iam(
                    "UnsupportedPartition",
                    "The emulator does not emulate an IAM endpoint that signs with region '"
                        + call.region
                        + "': it emulates the IAM of aws (aws-global, us-east-1), aws-cn"
                        + " (aws-cn-global, cn-north-1) and aws-us-gov (aws-us-gov-global,"
                        + " us-gov-west-1).",
                    400));
  }

  private String ecs(Call call, Account account, byte[] body) throws IOException {
    JsonNode request;
    try {
      request =
          body.length == 0 ? emulator.json().createObjectNode() : emulator.json().readTree(body);
    } catch (IOException e) {
      throw AwsError.ecs("SerializationException", "Malformed JSON request body.");
    }
    String region = call.region;
    Authorization.Request authorization =
        Authorization.Request.ecs(
            region,
            account.id,
            request,
            emulator.authorizationState(account, Partition.of(region)));
    ObjectNode response =
        emulator.withEcs(
            account,
            ecs -> {
              // Authorized under the account lock, before the operation: a denial changes nothing.
              emulator.authorize(call.caller, account, Service.ECS, call.operation, authorization);
              return switch (call.operation) {
                case "CreateCapacityProvider" -> ecs.createCapacityProvider(region, request);
                case "UpdateCapacityProvider" -> ecs.updateCapacityProvider(region, request);
                case "DeleteCapacityProvider" -> ecs.deleteCapacityProvider(region, request);
                case "DescribeCapacityProviders" -> ecs.describeCapacityProviders(region, request);
                case "TagResource" -> ecs.tagResource(region, request);
                case "UntagResource" -> ecs.untagResource(region, request);
                case "ListTagsForResource" -> ecs.listTagsForResource(region, request);
                default ->
                    throw AwsError.ecs(
                        "UnknownOperationException",
                        "The emulator does not implement ECS " + call.operation + ".");
              };
            });
    return emulator.json().writeValueAsString(response);
  }

  /**
   * STS: AssumeRole and GetCallerIdentity (which needs no permission: "No permissions are required
   * to perform this operation", STS API Reference).
   */
  private String sts(Call call, Sts.Caller who, Map<String, String> form) {
    String requestId = requestId();
    return switch (call.operation) {
      case "AssumeRole" ->
          StsXml.assumeRole(emulator.assumeRole(who, call.caller, form), requestId);
      case "GetCallerIdentity" ->
          StsXml.callerIdentity(userId(who, call.caller), who.accountId(), who.arn(), requestId);
      default ->
          throw AwsError.iam(
              "InvalidAction",
              "Could not find operation " + call.operation + " for version 2011-06-15",
              400);
    };
  }

  /** GetCallerIdentity's UserId: a session's AssumedRoleId, else the access key's role session. */
  private String userId(Sts.Caller who, String accessKeyId) {
    return emulator
        .sts()
        .session(accessKeyId)
        .map(io.ecsmi.emulator.sts.Session::assumedRoleId)
        .orElse("AROAEMULATEDOPERATOR:" + accessKeyId);
  }

  private String iam(Call call, Account account, Partition partition, Map<String, String> form) {
    String requestId = requestId();
    Authorization.Request authorization =
        Authorization.Request.iam(
            partition, account.id, form, emulator.authorizationState(account, partition));
    return emulator.withIam(
        account,
        partition,
        iam -> {
          emulator.authorize(call.caller, account, Service.IAM, call.operation, authorization);
          return switch (call.operation) {
            case "GetRole" -> IamXml.getRole(iam.getRole(form.get("RoleName")), requestId);
            case "CreateServiceLinkedRole" ->
                IamXml.createServiceLinkedRole(
                    iam.createServiceLinkedRole(
                        form.get("AWSServiceName"),
                        form.get("Description"),
                        form.get("CustomSuffix")),
                    requestId);
            case "DeleteServiceLinkedRole" ->
                IamXml.deleteServiceLinkedRole(
                    iam.deleteServiceLinkedRole(form.get("RoleName")), requestId);
            case "GetServiceLinkedRoleDeletionStatus" ->
                IamXml.deletionStatus(
                    iam.getServiceLinkedRoleDeletionStatus(form.get("DeletionTaskId")), requestId);
            default ->
                throw AwsError.iam(
                    "InvalidAction",
                    "Could not find operation " + call.operation + " for version 2010-05-08",
                    400);
          };
        });
  }

  private String ecsError(AwsError error) throws IOException {
    ObjectNode body = emulator.json().createObjectNode();
    body.put("__type", error.code());
    body.put("message", error.getMessage());
    return emulator.json().writeValueAsString(body);
  }

  static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    if (ECS_CONTENT_TYPE.equals(contentType)) {
      exchange.getResponseHeaders().set("x-amzn-RequestId", requestId());
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A part of the SigV4 credential scope: 1 access key, 2 region, 3 service. */
  private static String scope(HttpExchange exchange, int group, String otherwise) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      Matcher m = SCOPE.matcher(authorization);
      if (m.find()) {
        return m.group(group);
      }
    }
    return otherwise;
  }

  private static Map<String, String> form(byte[] body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.put(key, value);
    }
    return form;
  }

  private static String requestId() {
    return UUID.randomUUID().toString();
  }

  private static void pause(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
