package io.ecsmi.operator.aws;

import java.util.function.Supplier;

/**
 * An AWS call failed; {@link #failure()} says how (classified by {@link AwsErrors}). The cause is
 * kept: for an {@link AwsFailure.Kind#INTERNAL} failure it is the operator's own bug.
 */
public final class AwsCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient AwsFailure failure;

  public AwsCallException(AwsFailure failure, Throwable cause) {
    super(failure.describe(), cause);
    this.failure = failure;
  }

  public AwsFailure failure() {
    return failure;
  }

  /** Runs an AWS call, turning any failure into a classified {@link AwsCallException}. */
  static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsCallException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AwsCallException(AwsErrors.classify(operation, e), e);
    }
  }
}
