package io.ecsmi.emulator.iam;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates one identity-based IAM policy for one request: an action on a resource with its request
 * context (condition keys). The logic of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html for a
 * single identity policy: "an explicit deny in any policy overrides any allows", and without an
 * allowing statement the request is implicitly denied.
 *
 * <p>A statement applies when its {@code Action} matches (or {@code NotAction} does not), its
 * {@code Resource} matches (or {@code NotResource} does not) and every condition holds: several
 * operators, and several keys under one operator, are ANDed; several values of one key are ORed.
 * Condition key names are case-insensitive; the tag-key part after the {@code /} of keys such as
 * {@code aws:RequestTag/Team} is compared case-sensitively (a simplification of the emulator).
 */
public final class PolicyEvaluator {

  /** The outcome of evaluating a request. */
  public enum Decision {
    ALLOW,
    /** No statement allows the request. */
    IMPLICIT_DENY,
    /** A Deny statement applies: it beats every Allow. */
    EXPLICIT_DENY;

    public boolean allowed() {
      return this == ALLOW;
    }
  }

  private PolicyEvaluator() {}

  /**
   * Whether {@code policyJson} allows {@code action} on {@code resourceArn}.
   *
   * @param context condition keys of the request (e.g. {@code aws:TagKeys}) to their values
   * @throws IllegalArgumentException when the policy is not one the evaluator understands
   */
  public static boolean allows(
      String policyJson, String action, String resourceArn, Map<String, List<String>> context) {
    return evaluate(Policy.parse(policyJson), action, resourceArn, context).allowed();
  }

  /** The decision for {@code action} on {@code resource} with the request's {@code context}. */
  public static Decision evaluate(
      Policy policy, String action, String resource, Map<String, List<String>> context) {
    Map<String, List<String>> keys = new HashMap<>();
    context.forEach((k, v) -> keys.put(normalize(k), List.copyOf(v)));
    boolean allowed = false;
    for (Policy.Statement statement : policy.statements()) {
      if (applies(statement, action, resource, keys)) {
        if (!statement.allow()) {
          return Decision.EXPLICIT_DENY;
        }
        allowed = true;
      }
    }
    return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
  }

  private static boolean applies(
      Policy.Statement s, String action, String resource, Map<String, List<String>> keys) {
    boolean actionListed =
        s.actions().stream().anyMatch(a -> Wildcards.action(a).matcher(action).matches());
    if (actionListed == s.notAction()) {
      return false;
    }
    boolean resourceListed =
        s.resources().stream().anyMatch(r -> Wildcards.resource(r).matcher(resource).matches());
    if (resourceListed == s.notResource()) {
      return false;
    }
    return s.conditions().stream()
        .allMatch(
            c ->
                c.operator()
                    .evaluate(keys.getOrDefault(normalize(c.key()), List.of()), c.values()));
  }

  /**
   * "Condition key names are not case-sensitive"
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html);
   * the part after the first '/' (a tag key) is kept as is.
   */
  private static String normalize(String key) {
    int slash = key.indexOf('/');
    return slash < 0
        ? key.toLowerCase(Locale.ROOT)
        : key.substring(0, slash).toLowerCase(Locale.ROOT) + key.substring(slash);
  }
}
