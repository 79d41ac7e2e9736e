package io.ecsmi.operator.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The operator's own metrics (JOSDK and the AWS SDK interceptor add theirs). */
public final class OperatorMetrics {

  private final Counter driftCorrections;
  private final Timer timeToFirstReady;
  private final Set<String> counted = ConcurrentHashMap.newKeySet();

  public OperatorMetrics(MeterRegistry registry) {
    this.driftCorrections =
        Counter.builder("ecsmi.drift.corrections")
            .description("Capacity providers changed outside Kubernetes and set back to the spec")
            .register(registry);
    this.timeToFirstReady =
        Timer.builder("ecsmi.time.to.first.ready")
            .description("From a CapacityProvider's creation to its first Ready")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  public void driftCorrected() {
    driftCorrections.increment();
  }

  /** The resource with {@code uid} became Ready for the first time this process saw. */
  public void firstReady(String uid, Duration sinceCreation) {
    if (counted.add(uid) && !sinceCreation.isNegative()) {
      timeToFirstReady.record(sinceCreation);
    }
  }

  public void forget(String uid) {
    counted.remove(uid);
  }
}
