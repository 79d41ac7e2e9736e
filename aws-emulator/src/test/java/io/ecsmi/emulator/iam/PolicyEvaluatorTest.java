package io.ecsmi.emulator.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmi.emulator.iam.PolicyEvaluator.Decision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The IAM policy evaluator: grammar, matching, conditions and the deny-beats-allow logic. */
class PolicyEvaluatorTest {

  private static final String CP = "arn:aws:ecs:us-east-1:123456789012:capacity-provider/general";
  private static final Map<String, List<String>> NONE = Map.of();

  /** A policy with one statement: {@code Effect}, {@code Action}, {@code Resource} and more. */
  private static String allow(String action, String resource, String... more) {
    return statement("Allow", action, resource, more);
  }

  private static String statement(String effect, String action, String resource, String... more) {
    StringBuilder s = new StringBuilder("{\"Effect\":\"" + effect + "\",");
    s.append("\"Action\":").append(action).append(",\"Resource\":").append(resource);
    for (String m : more) {
      s.append(',').append(m);
    }
    return s.append('}').toString();
  }

  private static String policy(String... statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  private static String condition(String operator, String key, String values) {
    return "\"Condition\":{\"" + operator + "\":{\"" + key + "\":" + values + "}}";
  }

  @Nested
  class Actions {

    @ParameterizedTest
    @CsvSource({
      "ecs:CreateCapacityProvider, true",
      "ECS:createcapacityprovider, true",
      "ecs:*, true",
      "*, true",
      "ecs:Create*, true",
      "ecs:?reateCapacityProvider, true",
      "ecs:Describe*, false",
      "iam:CreateCapacityProvider, false"
    })
    void matchCaseInsensitivelyWithWildcards(String pattern, boolean allowed) {
      assertThat(
              PolicyEvaluator.allows(
                  policy(allow("\"" + pattern + "\"", "\"*\"")),
                  "ecs:CreateCapacityProvider",
                  CP,
                  NONE))
          .isEqualTo(allowed);
    }

    @Test
    void notActionAppliesToEveryOtherAction() {
      String p =
          policy(
              "{\"Effect\":\"Allow\",\"NotAction\":[\"ecs:Delete*\",\"iam:*\"],\"Resource\":\"*\"}");

      assertThat(PolicyEvaluator.allows(p, "ecs:CreateCapacityProvider", CP, NONE)).isTrue();
      assertThat(PolicyEvaluator.allows(p, "ecs:DeleteCapacityProvider", CP, NONE)).isFalse();
      assertThat(PolicyEvaluator.allows(p, "iam:PassRole", CP, NONE)).isFalse();
    }
  }

  @Nested
  class Resources {

    @ParameterizedTest
    @CsvSource({
      "arn:aws:ecs:us-east-1:123456789012:capacity-provider/general, true",
      "arn:aws:ecs:*:123456789012:capacity-provider/*, true",
      "arn:aws:ecs:*:*:*, true",
      "arn:aws:ecs:us-east-1:123456789012:capacity-provider/gen*, true",
      "arn:aws:ecs:us-east-1:123456789012:capacity-provider/genera?, true",
      "arn:aws:ecs:us-?ast-1:123456789012:capacity-provider/general, true",
      "arn:aws:ecs:us-east-1:123456789012:capacity-provider/General, false",
      "arn:aws:ecs:us-east-1:123456789012:cluster/*, false",
      "arn:aws-cn:ecs:*:123456789012:capacity-provider/*, false"
    })
    void matchCaseSensitivelyWithWildcards(String pattern, boolean allowed) {
      assertThat(
              PolicyEvaluator.allows(
                  policy(allow("\"ecs:*\"", "\"" + pattern + "\"")),
                  "ecs:DeleteCapacityProvider",
                  CP,
                  NONE))
          .isEqualTo(allowed);
    }

    @Test
    void aStarEndingASegmentSpansColonsAndSlashesButOneInsideASegmentDoesNot() {
      String role = "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/Role";

      assertThat(
              PolicyEvaluator.allows(
                  policy(allow("\"iam:GetRole\"", "\"arn:aws:iam::*\"")),
                  "iam:GetRole",
                  role,
                  NONE))
          .as("'*' at a segment's end spans ':' and '/'")
          .isTrue();
      assertThat(
              PolicyEvaluator.allows(
                  policy(allow("\"iam:GetRole\"", "\"arn:aws:iam::1*9:role/*\"")),
                  "iam:GetRole",
                  "arn:aws:iam::1:2:9:role/x",
                  NONE))
          .as("a '*' inside a segment stays inside it")
          .isFalse();
    }

    @Test
    void notResourceAppliesToEveryOtherResource() {
      String p =
          policy(
              "{\"Effect\":\"Allow\",\"Action\":\"ecs:*\","
                  + "\"NotResource\":\"arn:aws:ecs:*:*:capacity-provider/prod-*\"}");

      assertThat(PolicyEvaluator.allows(p, "ecs:DeleteCapacityProvider", CP, NONE)).isTrue();
      assertThat(
              PolicyEvaluator.allows(
                  p, "ecs:DeleteCapacityProvider", CP.replace("general", "prod-1"), NONE))
          .isFalse();
    }
  }

  @Nested
  class Effects {

    @Test
    void anExplicitDenyBeatsAnAllow() {
      Policy p =
          Policy.parse(
              policy(
                  allow("\"ecs:*\"", "\"*\""),
                  statement("Deny", "\"ecs:DeleteCapacityProvider\"", "\"" + CP + "\"")));

      assertThat(PolicyEvaluator.evaluate(p, "ecs:DeleteCapacityProvider", CP, NONE))
          .isEqualTo(Decision.EXPLICIT_DENY);
      assertThat(PolicyEvaluator.evaluate(p, "ecs:UpdateCapacityProvider", CP, NONE))
          .isEqualTo(Decision.ALLOW);
    }

    @Test
    void withoutAnAllowingStatementTheRequestIsImplicitlyDenied() {
      Policy p = Policy.parse(policy(allow("\"ecs:Describe*\"", "\"*\"")));

      assertThat(PolicyEvaluator.evaluate(p, "ecs:CreateCapacityProvider", CP, NONE))
          .isEqualTo(Decision.IMPLICIT_DENY);
      assertThat(PolicyEvaluator.evaluate(Policy.parse(policy()), "ecs:Describe", CP, NONE))
          .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void aSingleStatementObjectIsAStatementList() {
      assertThat(
              PolicyEvaluator.allows(
                  "{\"Statement\":" + allow("\"ecs:*\"", "\"*\"") + "}",
                  "ecs:TagResource",
                  CP,
                  NONE))
          .isTrue();
    }
  }

  @Nested
  class Conditions {

    private boolean allows(String condition, Map<String, List<String>> context) {
      return PolicyEvaluator.allows(
          policy(allow("\"ecs:*\"", "\"*\"", condition)), "ecs:TagResource", CP, context);
    }

    @Test
    void severalValuesOfAKeyAreOredAndSeveralKeysAndOperatorsAnded() {
      String valuesOred = condition("StringEquals", "aws:RequestTag/team", "[\"a\",\"b\"]");
      assertThat(allows(valuesOred, Map.of("aws:RequestTag/team", List.of("b")))).isTrue();
      assertThat(allows(valuesOred, Map.of("aws:RequestTag/team", List.of("c")))).isFalse();

      String keysAnded =
          "\"Condition\":{\"StringEquals\":{\"aws:RequestTag/team\":\"a\",\"ecs:CreateAction\":"
              + "\"CreateCapacityProvider\"},\"ForAllValues:StringEquals\":{\"aws:TagKeys\":"
              + "[\"team\"]}}";
      assertThat(
              allows(
                  keysAnded,
                  Map.of(
                      "aws:RequestTag/team", List.of("a"),
                      "ecs:CreateAction", List.of("CreateCapacityProvider"),
                      "aws:TagKeys", List.of("team"))))
          .isTrue();
      assertThat(allows(keysAnded, Map.of("aws:RequestTag/team", List.of("a")))).isFalse();
      assertThat(
              allows(
                  keysAnded,
                  Map.of(
                      "aws:RequestTag/team", List.of("a"),
                      "ecs:CreateAction", List.of("CreateCapacityProvider"),
                      "aws:TagKeys", List.of("team", "owner"))))
          .as("the ForAllValues operator fails")
          .isFalse();
    }

    @Test
    void anAbsentKeyFailsAPositiveOperatorAndPassesANegatedOne() {
      assertThat(allows(condition("StringEquals", "aws:RequestTag/team", "\"a\""), NONE)).isFalse();
      assertThat(allows(condition("StringNotEquals", "aws:RequestTag/team", "\"a\""), NONE))
          .isTrue();
      assertThat(allows(condition("StringNotLike", "aws:RequestTag/team", "\"a*\""), NONE))
          .isTrue();
      assertThat(allows(condition("ArnNotLike", "iam:PassedToService", "\"arn:*\""), NONE))
          .isTrue();
    }

    @ParameterizedTest
    @CsvSource({
      "StringEquals, Platform, platform, false",
      "StringEquals, platform, platform, true",
      "StringNotEquals, platform, platform, false",
      "StringNotEquals, other, platform, true",
      "StringEqualsIgnoreCase, Platform, platform, true",
      "StringNotEqualsIgnoreCase, Platform, platform, false",
      "StringLike, plat*, platform, true",
      "StringLike, Plat*, platform, false",
      "StringLike, pl?tform, platform, true",
      "StringNotLike, plat*, platform, false",
      "StringNotLike, infra*, platform, true"
    })
    void stringOperators(String operator, String policyValue, String value, boolean allowed) {
      assertThat(
              allows(
                  condition(operator, "aws:RequestTag/team", "\"" + policyValue + "\""),
                  Map.of("aws:RequestTag/team", List.of(value))))
          .isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({
      "ArnLike, arn:aws:iam::*:role/ecs*, true",
      "ArnEquals, arn:aws:iam::*:role/ecs*, true",
      "ArnLike, arn:aws:iam::123456789012:role/ecsInfrastructureRole, true",
      "ArnLike, arn:aws:iam::*:role/other*, false",
      "ArnLike, arn:aws-cn:iam::*:*, false",
      "ArnNotLike, arn:aws:iam::*:role/other*, true",
      "ArnNotEquals, arn:aws:iam::*:role/ecs*, false"
    })
    void arnOperatorsCompareEachComponent(String operator, String policyValue, boolean allowed) {
      assertThat(
              allows(
                  condition(operator, "aws:SourceArn", "\"" + policyValue + "\""),
                  Map.of(
                      "aws:SourceArn",
                      List.of("arn:aws:iam::123456789012:role/ecsInfrastructureRole"))))
          .isEqualTo(allowed);
      assertThat(
              allows(
                  condition("ArnLike", "aws:SourceArn", "\"*\""),
                  Map.of("aws:SourceArn", List.of("not-an-arn"))))
          .as("a value that is no ARN matches no ARN pattern")
          .isFalse();
    }

    @Test
    void boolAndNull() {
      String bool = condition("Bool", "ecs:instance-metadata-tags-propagation", "\"true\"");
      assertThat(allows(bool, Map.of("ecs:instance-metadata-tags-propagation", List.of("true"))))
          .isTrue();
      assertThat(allows(bool, Map.of("ecs:instance-metadata-tags-propagation", List.of("false"))))
          .isFalse();
      assertThat(allows(bool, NONE)).isFalse();

      String absent = condition("Null", "aws:RequestTag/team", "\"true\"");
      String present = condition("Null", "aws:RequestTag/team", "\"false\"");
      Map<String, List<String>> tagged = Map.of("aws:RequestTag/team", List.of("a"));
      assertThat(allows(absent, NONE)).isTrue();
      assertThat(allows(absent, tagged)).isFalse();
      assertThat(allows(present, NONE)).isFalse();
      assertThat(allows(present, tagged)).isTrue();
    }

    @Test
    void setQualifiersTestEachValueOfAMultivaluedKey() {
      String all = condition("ForAllValues:StringLike", "aws:TagKeys", "[\"team\",\"cost-*\"]");
      String any = condition("ForAnyValue:StringEquals", "aws:TagKeys", "\"team\"");
      String anyNot = condition("ForAnyValue:StringNotEquals", "aws:TagKeys", "\"team\"");

      assertThat(allows(all, Map.of("aws:TagKeys", List.of("team", "cost-center")))).isTrue();
      assertThat(allows(all, Map.of("aws:TagKeys", List.of("team", "owner")))).isFalse();
      assertThat(allows(all, NONE)).as("ForAllValues is true for an absent key").isTrue();
      assertThat(allows(any, Map.of("aws:TagKeys", List.of("owner", "team")))).isTrue();
      assertThat(allows(any, Map.of("aws:TagKeys", List.of("owner")))).isFalse();
      assertThat(allows(any, NONE)).as("ForAnyValue is false for an absent key").isFalse();
      assertThat(allows(anyNot, Map.of("aws:TagKeys", List.of("team", "owner")))).isTrue();
      assertThat(allows(anyNot, Map.of("aws:TagKeys", List.of("team")))).isFalse();
      assertThat(allows(condition("ForAllValues:Null", "aws:TagKeys", "\"false\""), NONE))
          .as("a qualifier tests each value; an absent key has none")
          .isTrue();
      assertThat(
              allows(
                  condition("ForAnyValue:Null", "aws:TagKeys", "\"false\""),
                  Map.of("aws:TagKeys", List.of("team"))))
          .isTrue();
    }

    @Test
    void keyNamesAreCaseInsensitiveButTagKeysAreNot() {
      assertThat(
              allows(
                  condition("StringEquals", "IAM:PASSEDTOSERVICE", "\"ecs.amazonaws.com\""),
                  Map.of("iam:PassedToService", List.of("ecs.amazonaws.com"))))
          .isTrue();
      assertThat(
              allows(
                  condition("StringEquals", "AWS:RequestTag/team", "\"a\""),
                  Map.of("aws:requesttag/team", List.of("a"))))
          .isTrue();
      assertThat(
              allows(
                  condition("StringEquals", "aws:RequestTag/Team", "\"a\""),
                  Map.of("aws:RequestTag/team", List.of("a"))))
          .isFalse();
    }
  }

  @Nested
  class Grammar {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "NumericEquals",
          "StringEqualsIfExists",
          "DateGreaterThan",
          "IpAddress",
          "ForSomeValues:StringEquals",
          "stringequals"
        })
    void anOperatorTheEvaluatorDoesNotUnderstandIsRefused(String operator) {
      String p = policy(allow("\"ecs:*\"", "\"*\"", condition(operator, "aws:TagKeys", "\"x\"")));

      assertThatThrownBy(() -> Policy.parse(p))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(operator.substring(operator.indexOf(':') + 1));
    }

    @Test
    void policyVariablesAreRefused() {
      assertThatThrownBy(
              () ->
                  Policy.parse(
                      policy(allow("\"iam:*\"", "\"arn:aws:iam::*:user/${aws:username}\""))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("policy variable");
      assertThatThrownBy(
              () ->
                  Policy.parse(
                      policy(
                          allow(
                              "\"ecs:*\"",
                              "\"*\"",
                              condition("StringEquals", "aws:RequestTag/o", "\"${aws:userid}\"")))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("policy variable");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "not json",
          "[]",
          "{\"Version\":\"2012-10-17\"}",
          "{\"Version\":\"2020-01-01\",\"Statement\":[]}",
          "{\"Statement\":[],\"Extra\":1}",
          "{\"Statement\":{\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"}}",
          "{\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}",
          "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotAction\":\"*\",\"Resource\":\"*\"}}",
          "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\"}}",
          "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}}",
          "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"CreateCapacityProvider\",\"Resource\":\"*\"}}",
          "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"capacity-provider/x\"}}",
          "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Principal\":\"*\"}}",
          "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":"
              + "{\"Bool\":{\"aws:SecureTransport\":\"yes\"}}}}",
          "{\"Statement\":{\"Effect\":\"Allow\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}}"
        })
    void aDocumentOutsideTheGrammarIsRefusedWithAReason(String document) {
      assertThatThrownBy(() -> Policy.parse(document))
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
    }
  }
}
