package io.ecsmi.emulator.sts;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A role others may assume into its account with STS: its trust policy (who may assume it, with
 * which ExternalId), the permissions its sessions have, and its maximum session duration (IAM's
 * {@code MaxSessionDuration}, 1 to 12 hours).
 *
 * @param permissionsJson the identity-based policy of its sessions; {@code null}: none, so every
 *     call of a session is denied, as AWS denies a role without policies
 * @param roleId IAM's unique ID of the role ({@code AROA…}), the first half of a session's {@code
 *     AssumedRoleId}
 */
public record AssumableRole(
    String arn,
    TrustPolicy trust,
    String permissionsJson,
    Duration maxSessionDuration,
    String roleId) {

  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:([a-z-]+):iam::(\\d{12}):role/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]{1,64})");

  /**
   * The role's name: the last part of {@code arn:<partition>:iam::<account>:role/<path>/<name>}.
   */
  public String name() {
    return nameOf(arn);
  }

  public static boolean isRoleArn(String arn) {
    return arn != null && ROLE_ARN.matcher(arn).matches();
  }

  public static String nameOf(String arn) {
    return part(arn, 3);
  }

  public static String accountOf(String arn) {
    return part(arn, 2);
  }

  public static String partitionOf(String arn) {
    return part(arn, 1);
  }

  private static String part(String arn, int group) {
    Matcher m = ROLE_ARN.matcher(arn == null ? "" : arn);
    return m.matches() ? m.group(group) : "";
  }
}
