package io.ecsmi.operator.aws;

/**
 * A failed AWS call, classified once (see {@link AwsErrors}) so every caller reacts the same way.
 *
 * @param code the AWS error code (e.g. {@code InvalidParameterException}) or a client-side kind
 *     ({@code Timeout}, {@code ConnectionFailure}, {@code InternalError})
 * @param message AWS's message (or the exception's, for client-side failures)
 * @param hint what the user should do, for Stalled conditions and Events
 */
public record AwsFailure(Kind kind, String operation, String code, String message, String hint) {

  /** How to react. */
  public enum Kind {
    /** AWS throttled the call: back off and retry. */
    THROTTLED,
    /** Server errors, timeouts, dropped connections: back off and retry. */
    TRANSIENT,
    /** ECS cannot use the service-linked role yet (IAM eventual consistency): retry. */
    ROLE_NOT_READY,
    /** An update or creation of the provider is still running: wait for it. */
    BUSY,
    /** The thing the call names is gone (a capacity provider on delete, a tagged ARN). */
    NOT_FOUND,
    /** ECS refuses to delete a capacity provider that is in use. */
    IN_USE,
    /** The ECS cluster does not exist (in this region, for this identity). */
    CLUSTER_NOT_FOUND,
    /** The operator's identity lacks a permission. */
    ACCESS_DENIED,
    /** AWS refused the request itself: invalid parameters. */
    INVALID,
    /**
     * A capacity provider of that name exists: someone created it, perhaps after the operator
     * looked. Needs a human, unless a fresh look shows it is this resource's own.
     */
    ALREADY_EXISTS,
    /** A quota was reached. */
    LIMIT_EXCEEDED,
    /** The feature is not available here (region). */
    UNSUPPORTED,
    /** Not AWS's answer: a bug in the operator (an exception outside the AWS SDK). */
    INTERNAL
  }

  /** Worth retrying soon: the same call may succeed without anyone doing anything. */
  public boolean retryable() {
    return switch (kind) {
      case THROTTLED, TRANSIENT, ROLE_NOT_READY, BUSY, NOT_FOUND -> true;
      default -> false;
    };
  }

  /** "Operation failed: Code: message. hint" for conditions, Events and logs. */
  public String describe() {
    String said = operation + " failed: " + code + ": " + message;
    if (hint == null || hint.isEmpty()) {
      return said;
    }
    return said + (said.endsWith(".") ? " " : ". ") + hint;
  }
}
