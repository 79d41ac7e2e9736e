package io.ecsmi.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Accounting of every call the emulator answered: counts and latencies per service, operation and
 * outcome ({@code success}, the AWS error code, or {@code ConnectionReset}). Benchmarks and tests
 * assert on exact call counts. Thread-safe.
 */
public final class CallLog {

  public static final String SUCCESS = "success";
  public static final String CONNECTION_RESET = "ConnectionReset";

  /** The service carried the call out and the answer was lost on the way (a dropped connection). */
  public static final String RESPONSE_LOST = "ResponseLost";

  private static final int RECENT = 10_000;

  /**
   * One answered call.
   *
   * @param caller the access key ID that signed it (who called, as CloudTrail would say)
   */
  public record Call(
      Service service,
      String operation,
      String region,
      String caller,
      String outcome,
      Duration latency,
      Instant at) {}

  /** Totals for one service, operation and outcome. */
  public record Stats(
      Service service, String operation, String outcome, long count, Duration totalLatency) {

    public Duration meanLatency() {
      return count == 0 ? Duration.ZERO : totalLatency.dividedBy(count);
    }
  }

  private record Key(Service service, String operation, String outcome) {}

  private record Totals(LongAdder count, LongAdder nanos) {}

  private final Map<Key, Totals> totals = new ConcurrentHashMap<>();
  private final Deque<Call> recent = new ArrayDeque<>();

  void record(Call call) {
    Totals t =
        totals.computeIfAbsent(
            new Key(call.service(), call.operation(), call.outcome()),
            k -> new Totals(new LongAdder(), new LongAdder()));
    t.count.increment();
    t.nanos.add(call.latency().toNanos());
    synchronized (recent) {
      if (recent.size() == RECENT) {
        recent.removeFirst();
      }
      recent.addLast(call);
    }
  }

  /** Calls of {@code operation}, whatever their outcome. */
  public long count(Service service, String operation) {
    return totals.entrySet().stream()
        .filter(e -> e.getKey().service == service && e.getKey().operation.equals(operation))
        .mapToLong(e -> e.getValue().count.sum())
        .sum();
  }

  /** Calls of {@code operation} with {@code outcome}. */
  public long count(Service service, String operation, String outcome) {
    Totals t = totals.get(new Key(service, operation, outcome));
    return t == null ? 0 : t.count.sum();
  }

  /** Every call of {@code service}. */
  public long count(Service service) {
    return totals.entrySet().stream()
        .filter(e -> e.getKey().service == service)
        .mapToLong(e -> e.getValue().count.sum())
        .sum();
  }

  /** Calls signed with {@code accessKeyId}, among the recent ones. */
  public long countByCaller(String accessKeyId) {
    synchronized (recent) {
      return recent.stream().filter(c -> accessKeyId.equals(c.caller())).count();
    }
  }

  public long total() {
    return totals.values().stream().mapToLong(t -> t.count.sum()).sum();
  }

  /** Totals per service, operation and outcome, sorted. */
  public List<Stats> stats() {
    return totals.entrySet().stream()
        .map(
            e ->
                new Stats(
                    e.getKey().service,
                    e.getKey().operation,
                    e.getKey().outcome,
                    e.getValue().count.sum(),
                    Duration.ofNanos(e.getValue().nanos.sum())))
        .sorted(
            Comparator.comparing(Stats::service)
                .thenComparing(Stats::operation)
                .thenComparing(Stats::outcome))
        .toList();
  }

  /** The most recent calls (up to 10,000), oldest first. */
  public List<Call> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  public void clear() {
    totals.clear();
    synchronized (recent) {
      recent.clear();
    }
  }
}
