package io.ecsmi.operator.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile found and did, in the terms status speaks. {@link StatusFactory} turns it into
 * the resource's status; parts left null keep what status said before (e.g. the AWS fields when AWS
 * could not be read).
 *
 * @param progress where the resource stands (Ready, Reconciling, Stalled)
 * @param reason CamelCase reason of that
 * @param message what happened and what to do next
 * @param role the ServiceLinkedRoleReady condition, or null to keep it
 * @param roleArn the role's ARN, or null to keep it
 * @param synced the CapacityProviderSynced condition, or null to keep it
 * @param aws what ECS reported, or null to keep it
 * @param adopted whether the provider was adopted, or null to keep it
 * @param drift the fields corrected as drift, or null to keep them
 */
public record Outcome(
    Progress progress,
    String reason,
    String message,
    Part role,
    String roleArn,
    Part synced,
    AwsState aws,
    Boolean adopted,
    List<String> drift) {

  /** kstatus's three states. */
  public enum Progress {
    READY,
    RECONCILING,
    STALLED
  }

  /** One domain condition's status, reason and message. */
  public record Part(String status, String reason, String message) {

    public static Part yes(String reason, String message) {
      return new Part(Conditions.TRUE, reason, message);
    }

    public static Part no(String reason, String message) {
      return new Part(Conditions.FALSE, reason, message);
    }

    public static Part unknown(String reason, String message) {
      return new Part(Conditions.UNKNOWN, reason, message);
    }
  }

  /** The capacity provider as ECS reported it; all null when it does not exist. */
  public record AwsState(
      String arn, String status, String updateStatus, String updateStatusReason) {

    public static final AwsState ABSENT = new AwsState(null, null, null, null);
  }

  public static Outcome ready(String message) {
    return new Outcome(Progress.READY, "Ready", message, null, null, null, null, null, null);
  }

  public static Outcome reconciling(String reason, String message) {
    return new Outcome(Progress.RECONCILING, reason, message, null, null, null, null, null, null);
  }

  public static Outcome stalled(String reason, String message) {
    return new Outcome(Progress.STALLED, reason, message, null, null, null, null, null, null);
  }

  /**
   * This outcome saying, when Stalled, when the operator looks again: after {@code after} (at
   * {@code now} plus it), or only when the resource changes (empty). Other outcomes are returned as
   * they are.
   */
  public Outcome lookingAgain(Optional<Duration> after, Instant now) {
    if (progress != Progress.STALLED) {
      return this;
    }
    String said = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    String when =
        after
            .map(
                d ->
                    "in "
                        + readable(d)
                        + " (at "
                        + now.plus(d).truncatedTo(ChronoUnit.SECONDS)
                        + "), or at once when the resource changes")
            .orElse("when the resource changes");
    return new Outcome(
        progress,
        reason,
        said + ". The operator looks again " + when,
        role,
        roleArn,
        synced,
        aws,
        adopted,
        drift);
  }

  /** {@code d} to the second, as people write it: 45s, 10m, 1h2m3s. */
  static String readable(Duration d) {
    long seconds = Math.max(1, (d.toMillis() + 999) / 1000);
    StringBuilder s = new StringBuilder();
    if (seconds >= 3600) {
      s.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      s.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 > 0) {
      s.append(seconds % 60).append('s');
    }
    return s.toString();
  }

  public Outcome withRole(Part value, String arn) {
    return new Outcome(progress, reason, message, value, arn, synced, aws, adopted, drift);
  }

  public Outcome withSynced(Part value) {
    return new Outcome(progress, reason, message, role, roleArn, value, aws, adopted, drift);
  }

  public Outcome withAws(AwsState value) {
    return new Outcome(progress, reason, message, role, roleArn, synced, value, adopted, drift);
  }

  public Outcome withAdopted(Boolean value) {
    return new Outcome(progress, reason, message, role, roleArn, synced, aws, value, drift);
  }

  public Outcome withDrift(List<String> value) {
    return new Outcome(progress, reason, message, role, roleArn, synced, aws, adopted, value);
  }
}
