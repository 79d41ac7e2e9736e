package io.ecsmi.operator.aws;

/**
 * A failed AWS call, classified once (see {@link AwsErrors}) so every caller reacts the same way.
 *
 * @param code the AWS error code (e.g. {@code InvalidParameterException}) or a client-side kind
 *     ({@code Timeout}, {@code ConnectionFailure})
 * @param message AWS's message
 * @param hint what the user should do, for Stalled conditions and Events
 */
public record AwsFailure(Kind kind, String operation, String code, String message, String hint) {

  /** How to react. */
  public enum Kind {
    /** Throttling, server errors, timeouts, dropped connections: back off and retry. */
    RETRYABLE,
    /** The service-linked role is not there or not yet usable (IAM eventual consistency). */
    ROLE_NOT_READY,
    /** An update or creation is still running: wait for it. */
    BUSY,
    /** ECS refuses to delete a capacity provider that is in use. */
    IN_USE,
    /** The capacity provider does not exist (any more). */
    NOT_FOUND,
    /** Needs a human: invalid parameters, access denied, cluster not found, limits. */
    TERMINAL
  }

  public boolean retryable() {
    return kind != Kind.TERMINAL && kind != Kind.IN_USE;
  }

  /** "Operation failed: Code: message. hint" for conditions, Events and logs. */
  public String describe() {
    return operation
        + " failed: "
        + code
        + ": "
        + message
        + (hint == null || hint.isEmpty() ? "" : ". " + hint);
  }
}
