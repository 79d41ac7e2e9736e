package io.ecsmi.e2e.bench;

import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.emulator.Behaviour;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.faults.Faults;
import java.time.Duration;
import java.util.List;

/**
 * The emulator configured like AWS for the benchmark: every call takes 30-80 ms, ECS throttles per
 * account, region and action category with the quotas AWS publishes, IAM throttles with an assumed
 * quota (AWS publishes none), and capacity providers and the role move through their states with
 * the realistic profile's delays.
 */
record AwsProfile(Duration minLatency, Duration maxLatency, List<Bucket> buckets) {

  /**
   * One token bucket: the operations that share it, its burst (maximum capacity) and its refill per
   * second.
   */
  record Bucket(
      Service service, String category, List<String> operations, int burst, double perSecond) {}

  /**
   * ECS: "Request throttling for the Amazon ECS API" (API Reference), per account and Region, one
   * bucket per category: capacity provider modify (Create/Update/DeleteCapacityProvider) 10 burst,
   * 1/s; capacity provider read (DescribeCapacityProviders) 50, 20/s; tag modify
   * (Tag/UntagResource) 20, 10/s. IAM: the IAM and STS quotas page publishes no request rate (IAM
   * throttles with token buckets per API, "Throttling: Rate exceeded"); 20 burst, 10/s is this
   * benchmark's assumption, far above what one role needs.
   */
  static final List<Bucket> AWS_QUOTAS =
      List.of(
          new Bucket(
              Service.ECS,
              "capacity provider modify",
              List.of("CreateCapacityProvider", "UpdateCapacityProvider", "DeleteCapacityProvider"),
              10,
              1),
          new Bucket(
              Service.ECS, "capacity provider read", List.of("DescribeCapacityProviders"), 50, 20),
          new Bucket(Service.ECS, "tag modify", List.of("TagResource", "UntagResource"), 20, 10),
          new Bucket(Service.IAM, "IAM (assumed)", List.of(Faults.ANY), 20, 10));

  /** AWS as the benchmark models it. */
  static AwsProfile aws() {
    return new AwsProfile(Duration.ofMillis(30), Duration.ofMillis(80), AWS_QUOTAS);
  }

  /** No latency, no throttling: what is left is the operator's own overhead. */
  static AwsProfile instant() {
    return new AwsProfile(Duration.ZERO, Duration.ZERO, List.of());
  }

  /** The state transitions: the realistic profile's, or none for {@link #instant()}. */
  Behaviour behaviour() {
    return buckets.isEmpty() ? Behaviour.instant() : Behaviour.realistic();
  }

  void applyTo(AwsEmulator aws) {
    for (Service service : Service.values()) {
      aws.faults().latency(service, Faults.ANY, minLatency, maxLatency);
    }
    for (Bucket b : buckets) {
      if (b.operations().equals(List.of(Faults.ANY))) {
        aws.faults().rateLimit(b.service(), Faults.ANY, b.perSecond(), b.burst());
      } else {
        aws.faults()
            .rateLimit(
                b.service(), Faults.ANY, b.category(), b.operations(), b.perSecond(), b.burst());
      }
    }
  }

  Bucket bucket(String operation) {
    return buckets.stream()
        .filter(b -> b.operations().contains(operation))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no bucket for " + operation));
  }

  /**
   * The time a bucket needs for {@code calls} calls in one region: what the burst does not cover.
   */
  Duration drain(String operation, long calls) {
    Bucket b = bucket(operation);
    double seconds = Math.max(0, calls - b.burst()) / b.perSecond();
    return Duration.ofMillis((long) Math.ceil(seconds * 1000));
  }
}
