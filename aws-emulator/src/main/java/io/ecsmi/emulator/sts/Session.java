package io.ecsmi.emulator.sts;

import java.time.Instant;

/**
 * Temporary credentials STS issued for a role: who they act as and until when.
 *
 * @param accountId the account of the role, where the session's calls act
 * @param arn {@code arn:<partition>:sts::<account>:assumed-role/<role>/<session>}
 * @param assumedRoleId {@code <role ID>:<session name>}
 */
public record Session(
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    Instant expiration,
    String accountId,
    String roleArn,
    String arn,
    String assumedRoleId) {

  public boolean expired(Instant now) {
    return !now.isBefore(expiration);
  }
}
