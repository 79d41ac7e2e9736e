package io.ecsmi.operator.plan;

/**
 * When to look again, as a kind of waiting; the executor turns it into a delay with the resource's
 * backoff ({@link io.ecsmi.operator.aws.Backoff}).
 */
public enum Pace {
  /** Nothing to wait for: look again on the next event (a spec change, drift, the resync). */
  SETTLED,
  /** AWS is in a transition: poll it. */
  POLL,
  /** A transient failure: retry with a growing delay. */
  RETRY,
  /** AWS refused an update or deletion: retry slowly. */
  REFUSED,
  /** AWS refused it and the slow retry is not due yet: wait out what is left. */
  REFUSED_REMAINING,
  /** Needs a human: look again a few times an hour at most. */
  STALLED,
  /** A bug in the operator: a few attempts, then wait for a change. */
  INTERNAL
}
