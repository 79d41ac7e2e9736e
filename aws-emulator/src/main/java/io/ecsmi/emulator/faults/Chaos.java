package io.ecsmi.emulator.faults;

/**
 * Random failures for a service or operation: each call independently fails with these
 * probabilities (checked in this order).
 *
 * @param throttle the service's throttling error (ECS {@code ThrottlingException}, IAM {@code
 *     Throttling})
 * @param serverError an HTTP 500 (ECS {@code ServerException}, IAM {@code ServiceFailure})
 * @param connectionReset the connection is dropped before the service sees the call
 * @param responseLost the service carries the call out, then the connection is dropped before the
 *     answer: the caller cannot tell whether a write happened (a retried create then finds its
 *     provider already there)
 */
public record Chaos(
    double throttle, double serverError, double connectionReset, double responseLost) {

  public static final Chaos NONE = new Chaos(0, 0, 0, 0);

  public Chaos(double throttle, double serverError, double connectionReset) {
    this(throttle, serverError, connectionReset, 0);
  }

  public Chaos {
    for (double p : new double[] {throttle, serverError, connectionReset, responseLost}) {
      if (p < 0 || p > 1) {
        throw new IllegalArgumentException("probabilities must be between 0 and 1: " + p);
      }
    }
  }
}
