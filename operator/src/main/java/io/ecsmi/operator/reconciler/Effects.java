package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.aws.AwsCallException;
import io.ecsmi.operator.aws.AwsErrors;
import io.ecsmi.operator.aws.AwsFailure;
import io.ecsmi.operator.aws.Backoff;
import io.ecsmi.operator.aws.Backoff.Track;
import io.ecsmi.operator.observability.EventRecorder;
import io.ecsmi.operator.observability.OperatorMetrics;
import io.ecsmi.operator.plan.Notice;
import io.ecsmi.operator.plan.Plan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every executor does with a plan besides AWS calls: records its Events, turns its pace into a
 * requeue with the resource's backoff, and turns an exception into a classified failure (an
 * operator bug is logged with its stack trace and counted, never passed off as an AWS error).
 */
final class Effects {

  private static final Logger LOG = LoggerFactory.getLogger(Effects.class);

  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Backoff backoff;

  Effects(EventRecorder events, OperatorMetrics metrics, Backoff backoff) {
    this.events = events;
    this.metrics = metrics;
    this.backoff = backoff;
  }

  void record(HasMetadata resource, Notice notice) {
    if (notice != null) {
      events.record(
          resource,
          notice.warning() ? EventRecorder.WARNING : EventRecorder.NORMAL,
          notice.reason(),
          notice.message());
    }
  }

  void recordAll(HasMetadata resource, Plan plan) {
    plan.notices().forEach(n -> record(resource, n));
  }

  /** When to look again at {@code resource} after {@code plan}; empty: on the next event. */
  Optional<Duration> requeue(HasMetadata resource, Plan plan) {
    String uid = resource.getMetadata().getUid();
    if (plan.after().isPresent()) {
      return plan.after();
    }
    return switch (plan.pace()) {
      case SETTLED -> {
        backoff.resetAll(uid);
        yield Optional.empty();
      }
      case POLL -> Optional.of(backoff.next(uid, Track.POLL));
      case RETRY -> Optional.of(backoff.next(uid, Track.RETRY));
      case REFUSED -> Optional.of(backoff.next(uid, Track.REFUSED));
      case REFUSED_REMAINING -> Optional.of(backoff.remaining(uid, Track.REFUSED));
      case STALLED -> Optional.of(backoff.next(uid, Track.STALLED));
      case INTERNAL -> backoff.nextBounded(uid, Track.INTERNAL);
    };
  }

  /** {@code plan} retried something of a kind whose waits grow: count it. */
  void countAttempt(HasMetadata resource, Plan plan) {
    plan.attempt().ifPresent(track -> backoff.next(resource.getMetadata().getUid(), track));
  }

  boolean refusedRetryDue(HasMetadata resource) {
    return backoff.due(resource.getMetadata().getUid(), Track.REFUSED);
  }

  void forget(HasMetadata resource) {
    backoff.resetAll(resource.getMetadata().getUid());
  }

  /**
   * The failure behind {@code error}: AWS's, classified, or the operator's own bug, which is logged
   * with its stack trace and counted in {@code ecsmi.internal.errors}.
   */
  AwsFailure failure(HasMetadata resource, String operation, RuntimeException error) {
    AwsFailure failure =
        error instanceof AwsCallException e ? e.failure() : AwsErrors.classify(operation, error);
    if (failure.kind() == AwsFailure.Kind.INTERNAL) {
      Throwable cause =
          error instanceof AwsCallException && error.getCause() != null ? error.getCause() : error;
      LOG.error(
          "internal error while reconciling {}/{} ({}): {}",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          failure.operation(),
          failure.message(),
          cause);
      metrics.internalError(failure.operation());
    }
    return failure;
  }
}
