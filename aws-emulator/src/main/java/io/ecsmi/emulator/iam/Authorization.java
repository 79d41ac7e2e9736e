package io.ecsmi.emulator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmi.emulator.Partition;
import io.ecsmi.emulator.Service;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The authorization table: for each emulated operation, every IAM action AWS authorizes before it
 * runs the call, on which resource and with which condition keys, each row with its AWS source. The
 * emulator authorizes with it; tests read it ({@link #table()}) or instantiate it for a request
 * ({@link #required}) to check a policy document against it.
 */
public final class Authorization {

  static final String SAR_ECS =
      "Service Authorization Reference, Amazon ECS:"
          + " https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html";
  static final String SAR_IAM =
      "Service Authorization Reference, IAM:"
          + " https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html";
  static final String TAG_ON_CREATE =
      "ECS developer guide, Grant permission to tag resources on creation: \"If tags are specified"
          + " in the resource-creating action, AWS performs additional authorization ..."
          + " ecs:TagResource\":"
          + " https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html";
  static final String PASS_INFRASTRUCTURE_ROLE =
      "ECS developer guide, Amazon ECS infrastructure IAM role: \"you must grant your user"
          + " permission to pass the role to Amazon ECS\":"
          + " https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html";

  static final String CAPACITY_PROVIDER =
      "arn:${Partition}:ecs:${Region}:${Account}:capacity-provider/${CapacityProviderName}";
  static final String SERVICE_LINKED_ROLE =
      "arn:${Partition}:iam::${Account}:role/aws-service-role/ecs-compute.amazonaws.com/"
          + "AWSServiceRoleForECSCompute";

  /**
   * One authorization AWS performs for a request.
   *
   * @param resource the resource ARN (or {@code *}) the action is authorized on
   * @param context the request context: condition keys to their values
   * @param named how an AccessDenied message names the resource (IAM's GetRole says {@code role
   *     <name>}; everything else the ARN)
   * @param source the AWS documentation the requirement comes from
   */
  public record Check(
      String action,
      String resource,
      Map<String, List<String>> context,
      String named,
      String source) {}

  /**
   * One row of the table.
   *
   * @param resource the resource's ARN format, in the Service Authorization Reference's notation
   * @param when when the action is required (most rows: always)
   */
  public record Rule(
      Service service,
      String operation,
      String action,
      String resource,
      List<String> conditionKeys,
      String when,
      String source) {}

  /** What authorization needs to know about the account beyond the request itself. */
  public interface State {

    /** The tags of the resource {@code arn} names; empty when there is no such resource. */
    Map<String, String> tagsOf(String arn);

    /** The ARN (with its path) of the role named {@code roleName}, when it exists. */
    Optional<String> roleArn(String roleName);

    /** An account without resources. */
    static State empty() {
      return new State() {
        @Override
        public Map<String, String> tagsOf(String arn) {
          return Map.of();
        }

        @Override
        public Optional<String> roleArn(String roleName) {
          return Optional.empty();
        }
      };
    }
  }

  /**
   * One request: where it goes and what it carries.
   *
   * @param region the ECS region; for IAM, {@code null}
   * @param ecsRequest the ECS request's wire JSON; for IAM, {@code null}
   * @param iamParameters the IAM request's Query parameters; for ECS, empty
   */
  public record Request(
      Partition partition,
      String region,
      String accountId,
      JsonNode ecsRequest,
      Map<String, String> iamParameters,
      State state) {

    public static Request ecs(String region, String accountId, JsonNode request, State state) {
      return new Request(Partition.of(region), region, accountId, request, Map.of(), state);
    }

    public static Request iam(
        Partition partition, String accountId, Map<String, String> parameters, State state) {
      return new Request(partition, null, accountId, null, Map.copyOf(parameters), state);
    }
  }

  record Row(Rule rule, Function<Request, List<Target>> targets) {}

  /** A resource and context one row yields for one request (a row may yield none or several). */
  record Target(String resource, Map<String, List<String>> context, String named) {
    Target(String resource, Map<String, List<String>> context) {
      this(resource, context, resource);
    }
  }

  private static final List<Row> ROWS = AuthorizationRows.rows();

  private Authorization() {}

  /** The whole table, in the order the emulator authorizes. */
  public static List<Rule> table() {
    return ROWS.stream().map(Row::rule).toList();
  }

  /** The rows of one operation. */
  public static List<Rule> table(Service service, String operation) {
    return table().stream()
        .filter(r -> r.service() == service && r.operation().equals(operation))
        .toList();
  }

  /**
   * The checks {@code operation} needs for {@code request}, in the order AWS would report a denial
   * (the operation's own action first, then its dependent actions). An operation the table does not
   * list needs none.
   */
  public static List<Check> required(Service service, String operation, Request request) {
    List<Check> checks = new ArrayList<>();
    for (Row row : ROWS) {
      Rule rule = row.rule();
      if (rule.service() == service && rule.operation().equals(operation)) {
        for (Target t : row.targets().apply(request)) {
          checks.add(
              new Check(
                  rule.action(),
                  t.resource(),
                  Collections.unmodifiableMap(new LinkedHashMap<>(t.context())),
                  t.named(),
                  rule.source()));
        }
      }
    }
    return checks;
  }

  // ---- building blocks for AuthorizationRows ----------------------------------------------------

  static Row row(
      Service service,
      String operation,
      String action,
      String resource,
      List<String> conditionKeys,
      String when,
      String source,
      Function<Request, List<Target>> targets) {
    return new Row(
        new Rule(service, operation, action, resource, conditionKeys, when, source), targets);
  }

  static Target target(String resource, Map<String, List<String>> context) {
    return new Target(resource, context);
  }

  static Target target(String resource, Map<String, List<String>> context, String named) {
    return new Target(resource, context, named);
  }

  /** A context builder that keeps insertion order (for readable denials and tests). */
  static Map<String, List<String>> context() {
    return new LinkedHashMap<>();
  }
}
