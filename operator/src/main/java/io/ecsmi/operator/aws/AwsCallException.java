package io.ecsmi.operator.aws;

/** An AWS call failed; {@link #failure()} says how (classified by {@link AwsErrors}). */
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
  static <T> T call(String operation, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsCallException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AwsCallException(AwsErrors.classify(operation, e), e);
    }
  }
}
