package io.ecsmi.emulator.iam;

import java.util.List;
import java.util.Optional;

/**
 * A condition operator of an IAM policy, e.g. {@code StringEquals} or {@code
 * ForAllValues:StringLike}: a base operator with an optional set qualifier. Semantics follow
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * and, for the qualifiers,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 *
 * @param qualifier {@code null}, {@code "ForAnyValue"} or {@code "ForAllValues"}
 */
public record ConditionOperator(String qualifier, Base base) {

  /** The base operators the evaluator understands; any other is refused when a policy is read. */
  public enum Base {
    STRING_EQUALS("StringEquals", false),
    STRING_NOT_EQUALS("StringNotEquals", true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true),
    STRING_LIKE("StringLike", false),
    STRING_NOT_LIKE("StringNotLike", true),
    ARN_EQUALS("ArnEquals", false),
    ARN_NOT_EQUALS("ArnNotEquals", true),
    ARN_LIKE("ArnLike", false),
    ARN_NOT_LIKE("ArnNotLike", true),
    BOOL("Bool", false),
    NULL("Null", false);

    private final String iamName;
    private final boolean negated;

    Base(String iamName, boolean negated) {
      this.iamName = iamName;
      this.negated = negated;
    }

    /** The operator's name as a policy writes it, e.g. {@code StringNotLike}. */
    public String iamName() {
      return iamName;
    }

    /** "Negated matching": true when the value matches none of the policy's values. */
    public boolean negated() {
      return negated;
    }

    /** The un-negated comparison of one request value with one policy value. */
    boolean matches(String value, String policyValue) {
      return switch (this) {
        case STRING_EQUALS, STRING_NOT_EQUALS -> value.equals(policyValue);
        case STRING_EQUALS_IGNORE_CASE, STRING_NOT_EQUALS_IGNORE_CASE ->
            value.equalsIgnoreCase(policyValue);
        case STRING_LIKE, STRING_NOT_LIKE -> Wildcards.like(value, policyValue);
        // "ArnEquals, ArnLike: Case-sensitive matching of the ARN. Each of the six colon-delimited
        // components ... can include ... wildcards": the two behave the same.
        case ARN_EQUALS, ARN_NOT_EQUALS, ARN_LIKE, ARN_NOT_LIKE ->
            Wildcards.arnLike(value, policyValue);
        case BOOL -> value.equalsIgnoreCase(policyValue);
        // Per value (under a set qualifier): a present value is not null.
        case NULL -> !Boolean.parseBoolean(policyValue);
      };
    }
  }

  private static final List<String> QUALIFIERS = List.of("ForAnyValue", "ForAllValues");

  /**
   * Reads an operator name. Qualifiers and operator names are matched as IAM writes them.
   *
   * @throws IllegalArgumentException for anything the evaluator does not understand, including the
   *     {@code ...IfExists} variants and the numeric, date, IP and binary operators
   */
  public static ConditionOperator parse(String name) {
    int colon = name.indexOf(':');
    String qualifier = colon < 0 ? null : name.substring(0, colon);
    String baseName = name.substring(colon + 1);
    if (qualifier != null) {
      if (!QUALIFIERS.contains(qualifier)) {
        throw new IllegalArgumentException(
            "unknown condition set operator '"
                + qualifier
                + "' in '"
                + name
                + "' (the evaluator understands ForAnyValue and ForAllValues)");
      }
    }
    Optional<Base> base =
        List.of(Base.values()).stream().filter(b -> b.iamName.equals(baseName)).findFirst();
    if (base.isEmpty()) {
      throw new IllegalArgumentException(
          "condition operator '"
              + name
              + "' is not understood by the emulator's policy evaluator (it understands "
              + String.join(", ", List.of(Base.values()).stream().map(Base::iamName).toList())
              + ", each optionally qualified with ForAnyValue: or ForAllValues:)");
    }
    return new ConditionOperator(qualifier, base.get());
  }

  /**
   * Evaluates the operator for one condition key.
   *
   * @param values the request context's values of the key; empty when the key is absent
   * @param policyValues the policy's values for the key; several values are ORed
   */
  public boolean evaluate(List<String> values, List<String> policyValues) {
    if (qualifier == null) {
      if (base == Base.NULL) {
        // "Use a Null condition operator to check if a condition key is absent at the time of
        // authorization": "true" means absent, "false" present.
        return policyValues.stream().anyMatch(p -> Boolean.parseBoolean(p) == values.isEmpty());
      }
      // "If the key ... is not present in the request context, the values do not match and the
      // condition is false. If the policy condition requires that the key is not matched, such as
      // StringNotLike or ArnNotLike, and the right key is not present, the condition is true."
      // A key with several values and no qualifier matches when any value matches (AWS asks for a
      // qualifier with multivalued keys and documents nothing else; the emulator's reading).
      boolean anyMatches = values.stream().anyMatch(v -> matchesAny(v, policyValues));
      return base.negated != anyMatches;
    }
    if (qualifier.equals("ForAnyValue")) {
      // "at least one member of the set of request values matches"; an absent key: false.
      return values.stream().anyMatch(v -> satisfies(v, policyValues));
    }
    // ForAllValues: "every member of the set of request values" matches; "It also returns true
    // if there are no context keys in the request."
    return values.stream().allMatch(v -> satisfies(v, policyValues));
  }

  /** One request value against the operator (negation applied), for the set qualifiers. */
  private boolean satisfies(String value, List<String> policyValues) {
    return base.negated != matchesAny(value, policyValues);
  }

  private boolean matchesAny(String value, List<String> policyValues) {
    return policyValues.stream().anyMatch(p -> base.matches(value, p));
  }

  @Override
  public String toString() {
    return qualifier == null ? base.iamName : qualifier + ":" + base.iamName;
  }
}
