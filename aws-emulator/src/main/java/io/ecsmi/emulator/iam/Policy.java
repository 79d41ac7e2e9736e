package io.ecsmi.emulator.iam;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An identity-based IAM policy document, read strictly: the grammar of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html restricted to
 * what {@link PolicyEvaluator} can evaluate. Anything else (an unknown element or operator, a
 * {@code Principal}, a policy variable such as {@code ${aws:username}}) is refused with an {@link
 * IllegalArgumentException} that says what: a policy the evaluator half understands must never
 * silently allow.
 */
public final class Policy {

  /** One statement. Exactly one of actions/notActions and of resources/notResources is set. */
  public record Statement(
      String sid,
      boolean allow,
      List<String> actions,
      boolean notAction,
      List<String> resources,
      boolean notResource,
      List<Condition> conditions) {}

  /** One condition key under one operator: its values are ORed. */
  public record Condition(ConditionOperator operator, String key, List<String> values) {}

  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
  private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT =
      Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");
  private static final Pattern ACTION = Pattern.compile("\\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+");

  private final List<Statement> statements;

  private Policy(List<Statement> statements) {
    this.statements = List.copyOf(statements);
  }

  public List<Statement> statements() {
    return statements;
  }

  /**
   * Reads a policy document.
   *
   * @throws IllegalArgumentException when the document is not JSON, breaks IAM's grammar, or uses
   *     something the evaluator does not understand
   */
  public static Policy parse(String json) {
    JsonNode root;
    try {
      root = STRICT.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("the policy is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a policy is a JSON object");
    }
    onlyKnown(root, TOP_LEVEL, "the policy");
    JsonNode version = root.get("Version");
    if (version != null && !VERSIONS.contains(version.asText())) {
      throw new IllegalArgumentException(
          "unknown policy Version '" + version.asText() + "' (2012-10-17 or 2008-10-17)");
    }
    JsonNode statement = root.get("Statement");
    if (statement == null) {
      throw new IllegalArgumentException("the policy has no Statement");
    }
    List<Statement> statements = new ArrayList<>();
    if (statement.isArray()) {
      for (JsonNode s : statement) {
        statements.add(statement(s, statements.size()));
      }
    } else {
      statements.add(statement(statement, 0));
    }
    return new Policy(statements);
  }

  private static Statement statement(JsonNode s, int index) {
    String where = "Statement[" + index + "]";
    if (!s.isObject()) {
      throw new IllegalArgumentException(where + " is not a JSON object");
    }
    if (s.has("Principal") || s.has("NotPrincipal")) {
      throw new IllegalArgumentException(
          where + " has a Principal: an identity-based policy names no principal");
    }
    onlyKnown(s, STATEMENT, where);
    String effect = s.path("Effect").asText("");
    if (!effect.equals("Allow") && !effect.equals("Deny")) {
      throw new IllegalArgumentException(
          where + ".Effect must be Allow or Deny, not '" + effect + "'");
    }
    String actionKey = exactlyOne(s, "Action", "NotAction", where);
    List<String> actions = strings(s.get(actionKey), where + "." + actionKey);
    for (String action : actions) {
      if (!ACTION.matcher(action).matches()) {
        throw new IllegalArgumentException(
            where + "." + actionKey + " '" + action + "' is not '*' or 'service:Action'");
      }
    }
    String resourceKey = exactlyOne(s, "Resource", "NotResource", where);
    List<String> resources = strings(s.get(resourceKey), where + "." + resourceKey);
    for (String resource : resources) {
      if (!resource.equals("*") && !resource.startsWith("arn:")) {
        throw new IllegalArgumentException(
            where + "." + resourceKey + " '" + resource + "' is not '*' or an ARN");
      }
    }
    return new Statement(
        s.path("Sid").asText(null),
        effect.equals("Allow"),
        actions,
        actionKey.equals("NotAction"),
        resources,
        resourceKey.equals("NotResource"),
        conditions(s.get("Condition"), where + ".Condition"));
  }

  private static List<Condition> conditions(JsonNode block, String where) {
    List<Condition> conditions = new ArrayList<>();
    if (block == null) {
      return conditions;
    }
    if (!block.isObject()) {
      throw new IllegalArgumentException(where + " is not a JSON object");
    }
    block
        .properties()
        .forEach(
            op -> {
              ConditionOperator operator = ConditionOperator.parse(op.getKey());
              String at = where + "." + op.getKey();
              if (!op.getValue().isObject() || op.getValue().isEmpty()) {
                throw new IllegalArgumentException(at + " must map condition keys to values");
              }
              op.getValue()
                  .properties()
                  .forEach(
                      key -> {
                        noVariable(key.getKey(), at);
                        List<String> values = strings(key.getValue(), at + "." + key.getKey());
                        ConditionOperator.Base base = operator.base();
                        if (base == ConditionOperator.Base.BOOL
                            || base == ConditionOperator.Base.NULL) {
                          for (String v : values) {
                            String lower = v.toLowerCase(Locale.ROOT);
                            if (!lower.equals("true") && !lower.equals("false")) {
                              throw new IllegalArgumentException(
                                  at + "." + key.getKey() + ": '" + v + "' is not true or false");
                            }
                          }
                        }
                        conditions.add(new Condition(operator, key.getKey(), values));
                      });
            });
    return conditions;
  }

  /** A string, or a non-empty array of strings; booleans and numbers are read as text. */
  private static List<String> strings(JsonNode node, String where) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(v -> values.add(scalar(v, where)));
    } else {
      values.add(scalar(node, where));
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException(where + " is an empty list");
    }
    return values;
  }

  private static String scalar(JsonNode v, String where) {
    if (!v.isTextual() && !v.isBoolean() && !v.isNumber()) {
      throw new IllegalArgumentException(where + " holds " + v + ": expected a string");
    }
    noVariable(v.asText(), where);
    return v.asText();
  }

  /** Policy variables are not evaluated: refuse them rather than match them literally. */
  private static void noVariable(String text, String where) {
    if (text.contains("${")) {
      throw new IllegalArgumentException(
          where
              + " uses the policy variable in '"
              + text
              + "': the emulator's policy evaluator does not support policy variables");
    }
  }

  private static String exactlyOne(JsonNode s, String one, String other, String where) {
    if (s.has(one) == s.has(other)) {
      throw new IllegalArgumentException(where + " needs exactly one of " + one + " and " + other);
    }
    return s.has(one) ? one : other;
  }

  private static void onlyKnown(JsonNode node, Set<String> known, String where) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                throw new IllegalArgumentException(
                    where
                        + " has the unknown element '"
                        + name
                        + "' (known: "
                        + new TreeSet<>(known)
                        + ")");
              }
            });
  }
}
