package io.ecsmi.emulator.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A role's trust policy, as far as {@code sts:AssumeRole} by an AWS principal goes: statements with
 * {@code Effect}, {@code Principal: {"AWS": …}} (an account ID, an account's {@code root} ARN, a
 * role or user ARN, or {@code *}), {@code Action} ({@code sts:AssumeRole}, {@code sts:*} or {@code
 * *}) and at most a {@code StringEquals} condition on {@code sts:ExternalId}. A Deny that applies
 * wins over every Allow; without an Allow the answer is no (IAM User Guide, "Policy evaluation
 * logic"; "How to use an external ID when granting access to your AWS resources to a third party").
 * Any other grammar is refused when the role is created, so a test never relies on something the
 * emulator does not evaluate.
 */
public final class TrustPolicy {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

  private record Statement(boolean allow, List<String> principals, Optional<String> externalId) {}

  private final List<Statement> statements;

  private TrustPolicy(List<Statement> statements) {
    this.statements = statements;
  }

  /**
   * @throws IllegalArgumentException when the document uses grammar this evaluator does not know
   */
  public static TrustPolicy parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("the trust policy is not JSON: " + e.getMessage(), e);
    }
    List<Statement> statements = new ArrayList<>();
    JsonNode list = root.path("Statement");
    for (JsonNode s : list.isArray() ? list : List.of(list)) {
      String effect = s.path("Effect").asText();
      if (!effect.equals("Allow") && !effect.equals("Deny")) {
        throw new IllegalArgumentException("Effect must be Allow or Deny, not '" + effect + "'");
      }
      List<String> actions = strings(s.path("Action"));
      if (actions.stream()
          .noneMatch(a -> a.equals("sts:AssumeRole") || a.equals("sts:*") || a.equals("*"))) {
        continue; // about other actions (e.g. sts:TagSession): not this evaluator's concern
      }
      JsonNode principal = s.path("Principal");
      if (!principal.isObject() || !principal.has("AWS") || principal.size() != 1) {
        throw new IllegalArgumentException(
            "the emulator evaluates Principal {\"AWS\": …} only, not " + principal);
      }
      statements.add(
          new Statement(effect.equals("Allow"), strings(principal.get("AWS")), externalId(s)));
    }
    return new TrustPolicy(List.copyOf(statements));
  }

  /**
   * Whether the principal {@code callerArn} of account {@code callerAccount}, presenting {@code
   * externalId} (or none), may assume the role. A role session is matched by its role's ARN.
   */
  public boolean allows(String callerAccount, String callerArn, Optional<String> externalId) {
    boolean allowed = false;
    for (Statement s : statements) {
      boolean applies =
          s.principals().stream().anyMatch(p -> names(p, callerAccount, callerArn))
              && s.externalId().map(id -> externalId.map(id::equals).orElse(false)).orElse(true);
      if (applies && !s.allow()) {
        return false;
      }
      allowed |= applies;
    }
    return allowed;
  }

  private static boolean names(String principal, String account, String arn) {
    return principal.equals("*")
        || principal.equals(arn)
        || (ACCOUNT.matcher(principal).matches() && principal.equals(account))
        || principal.matches("arn:[a-z-]+:iam::" + Pattern.quote(account) + ":root");
  }

  private static Optional<String> externalId(JsonNode statement) {
    JsonNode condition = statement.path("Condition");
    if (condition.isMissingNode()) {
      return Optional.empty();
    }
    for (Map.Entry<String, JsonNode> op : iterable(condition)) {
      for (Map.Entry<String, JsonNode> key : iterable(op.getValue())) {
        if (!op.getKey().equals("StringEquals") || !key.getKey().equals("sts:ExternalId")) {
          throw new IllegalArgumentException(
              "the emulator evaluates the condition StringEquals sts:ExternalId only, not "
                  + op.getKey()
                  + " "
                  + key.getKey());
        }
      }
    }
    List<String> ids = strings(condition.path("StringEquals").path("sts:ExternalId"));
    if (ids.size() != 1) {
      throw new IllegalArgumentException("sts:ExternalId must be one value, not " + ids);
    }
    return Optional.of(ids.get(0));
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node.properties();
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(v -> values.add(v.asText()));
    } else if (node.isTextual()) {
      values.add(node.asText());
    }
    return values;
  }
}
