package io.ecsmi.operator.status;

import java.util.List;

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
