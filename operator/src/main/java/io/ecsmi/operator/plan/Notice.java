package io.ecsmi.operator.plan;

/** A Kubernetes Event a plan asks for: what happened in AWS, or what a user must act on. */
public record Notice(boolean warning, String reason, String message) {

  public static Notice normal(String reason, String message) {
    return new Notice(false, reason, message);
  }

  public static Notice warning(String reason, String message) {
    return new Notice(true, reason, message);
  }
}
