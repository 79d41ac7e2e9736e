package io.ecsmi.emulator.iam;

import java.util.regex.Pattern;

/** IAM's wildcard matching ({@code *} any characters, {@code ?} one), compiled to regexes. */
final class Wildcards {

  private Wildcards() {}

  /**
   * An {@code Action} pattern: action names are case-insensitive ("ecs:describe*" matches
   * ecs:DescribeCapacityProviders);
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
   */
  static Pattern action(String pattern) {
    return Pattern.compile(
        glob(pattern, ".*", "."), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }

  /**
   * A {@code Resource} pattern, case-sensitive. "You can use wildcard characters (* and ?) within
   * the individual segments of an ARN (the parts separated by colons) ... If the * wildcard is the
   * last character of a resource ARN segment, it can expand to match beyond the colon boundaries",
   * and within a segment it matches "everything ... including characters like a forward slash (/)"
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
   * So a {@code *} before a colon or at the end spans anything; any other {@code *} and every
   * {@code ?} stay within their segment.
   */
  static Pattern resource(String pattern) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '*' && c != '?') {
        literal.append(c);
        continue;
      }
      flush(literal, regex);
      boolean lastOfSegment = i + 1 == pattern.length() || pattern.charAt(i + 1) == ':';
      regex.append(c == '?' ? "[^:]" : lastOfSegment ? ".*" : "[^:]*");
    }
    flush(literal, regex);
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /** {@code StringLike}: case-sensitive, wildcards anywhere in the string. */
  static boolean like(String value, String pattern) {
    return Pattern.compile(glob(pattern, ".*", "."), Pattern.DOTALL).matcher(value).matches();
  }

  /**
   * {@code ArnLike}/{@code ArnEquals}: "Each of the six colon-delimited components of the ARN is
   * checked separately and each can include multi-character match wildcards (*) or single-character
   * match wildcards (?)", case-sensitive
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
   * A value that is not an ARN of six components matches nothing.
   */
  static boolean arnLike(String value, String pattern) {
    String[] values = value.split(":", 6);
    String[] patterns = pattern.split(":", 6);
    if (values.length != 6 || patterns.length != 6) {
      return false;
    }
    for (int i = 0; i < 6; i++) {
      if (!like(values[i], patterns[i])) {
        return false;
      }
    }
    return true;
  }

  private static String glob(String pattern, String star, String question) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*' || c == '?') {
        flush(literal, regex);
        regex.append(c == '*' ? star : question);
      } else {
        literal.append(c);
      }
    }
    flush(literal, regex);
    return regex.toString();
  }

  private static void flush(StringBuilder literal, StringBuilder regex) {
    if (!literal.isEmpty()) {
      regex.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }
}
