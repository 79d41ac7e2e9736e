package io.ecsmi.operator.aws;

import io.ecsmi.operator.aws.AwsFailure.Kind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Coalesces concurrent describes of single capacity providers into DescribeCapacityProviders calls
 * of up to 100 names per region and cluster. Nothing waits for a batch to fill: a lone describe
 * goes out at once, and the names asked for while a call is in flight share the next one. With many
 * reconciles in parallel (startup, a thousand resources) that divides the describes by up to a
 * hundred.
 *
 * <p>A caller waits at most {@code timeout} for its answer (a call stuck beyond the SDK's own
 * timeouts must not hold a reconcile thread forever) and then gets a retryable {@code Timeout}.
 */
final class DescribeBatcher {

  static final int MAX_NAMES = 100;

  private static final String OPERATION = "DescribeCapacityProviders";

  /** The call that describes a batch: what ECS found (absent names are missing). */
  interface BatchCall {
    CapacityProviders.Described describe(String region, String cluster, List<String> names);
  }

  private record Key(String region, String cluster) {}

  private record Pending(String name, CompletableFuture<Optional<ObservedProvider>> result) {}

  private static final class Queue {
    final Deque<Pending> pending = new ArrayDeque<>();
    boolean draining;
  }

  private final Map<Key, Queue> queues = new ConcurrentHashMap<>();

  /** Describes waiting for a call, for tests that line up a batch. */
  int queued() {
    int n = 0;
    for (Queue queue : queues.values()) {
      synchronized (queue) {
        n += queue.pending.size();
      }
    }
    return n;
  }

  private final BatchCall call;
  private final Executor executor;
  private final Duration timeout;

  DescribeBatcher(BatchCall call, Executor executor, Duration timeout) {
    this.call = call;
    this.executor = executor;
    this.timeout = timeout;
  }

  Optional<ObservedProvider> describe(String region, String cluster, String name) {
    return describe(region, cluster, name, List.of()).get(name);
  }

  /**
   * {@code name} and, in the same call, {@code alsoNames} (the other providers of the cluster the
   * caller cares about): name to what ECS has (empty: absent). {@code name} is always in the
   * answer; a name of {@code alsoNames} that could not be read is left out.
   */
  Map<String, Optional<ObservedProvider>> describe(
      String region, String cluster, String name, Collection<String> alsoNames) {
    Key key = new Key(region, cluster);
    Pending mine = new Pending(name, new CompletableFuture<>());
    List<Pending> asked = new ArrayList<>();
    asked.add(mine);
    for (String other : new LinkedHashSet<>(alsoNames)) {
      if (!other.equals(name)) {
        asked.add(new Pending(other, new CompletableFuture<>()));
      }
    }
    Queue queue = queues.computeIfAbsent(key, k -> new Queue());
    boolean start;
    synchronized (queue) {
      queue.pending.addAll(asked);
      start = !queue.draining;
      queue.draining = true;
    }
    if (start) {
      try {
        executor.execute(() -> drain(key, queue));
      } catch (RejectedExecutionException e) {
        failQueued(queue, e);
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Optional<ObservedProvider>> answer = new LinkedHashMap<>();
    answer.put(name, await(queue, mine, asked, deadline, cluster, region));
    for (Pending other : asked.subList(1, asked.size())) {
      try {
        answer.put(other.name, other.result.getNow(null));
      } catch (RuntimeException unreadable) {
        // Another provider's problem: its own reconcile reports it.
      }
      if (answer.get(other.name) == null) {
        answer.remove(other.name);
        abandon(queue, other);
      }
    }
    return answer;
  }

  private Optional<ObservedProvider> await(
      Queue queue,
      Pending pending,
      List<Pending> asked,
      long deadline,
      String cluster,
      String region) {
    try {
      return pending.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      asked.forEach(p -> abandon(queue, p));
      throw failure(
          "Timeout",
          "the batched describe of "
              + pending.name
              + " in cluster "
              + cluster
              + " ("
              + region
              + ") did not answer within "
              + readable(timeout),
          "AWS is slow or unreachable; the operator retries",
          e);
    } catch (InterruptedException e) {
      asked.forEach(p -> abandon(queue, p));
      Thread.currentThread().interrupt();
      throw failure(
          "Interrupted",
          "the describe of " + pending.name + " was interrupted",
          "the operator is stopping",
          e);
    }
  }

  /** Nobody would start a drain for these any more: fail them rather than leave them waiting. */
  private static void failQueued(Queue queue, RejectedExecutionException e) {
    List<Pending> stranded;
    synchronized (queue) {
      stranded = List.copyOf(queue.pending);
      queue.pending.clear();
      queue.draining = false;
    }
    AwsCallException failure =
        failure(
            "Rejected",
            "the describe could not be started: " + e.getMessage(),
            "the operator is stopping or overloaded; it retries",
            e);
    stranded.forEach(p -> p.result.completeExceptionally(failure));
  }

  /** A caller that stopped waiting: its name need not go into a later call. */
  private static void abandon(Queue queue, Pending pending) {
    synchronized (queue) {
      queue.pending.remove(pending);
    }
  }

  /** Client-side failures, retryable like a timeout of the SDK. */
  private static AwsCallException failure(
      String code, String message, String hint, Throwable cause) {
    return new AwsCallException(
        new AwsFailure(Kind.TRANSIENT, OPERATION, code, message, hint), cause);
  }

  private static String readable(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private void drain(Key key, Queue queue) {
    while (true) {
      List<Pending> batch = new ArrayList<>();
      Set<String> names = new LinkedHashSet<>();
      synchronized (queue) {
        while (!queue.pending.isEmpty()
            && (names.size() < MAX_NAMES || names.contains(queue.pending.peek().name))) {
          Pending next = queue.pending.poll();
          names.add(next.name);
          batch.add(next);
        }
        if (batch.isEmpty()) {
          queue.draining = false;
          return;
        }
      }
      try {
        CapacityProviders.Described described =
            call.describe(key.region, key.cluster, List.copyOf(names));
        for (Pending p : batch) {
          RuntimeException unreadable = described.unreadable().get(p.name);
          if (unreadable != null) {
            p.result.completeExceptionally(unreadable);
          } else {
            p.result.complete(Optional.ofNullable(described.found().get(p.name)));
          }
        }
      } catch (RuntimeException e) {
        batch.forEach(p -> p.result.completeExceptionally(e));
      }
    }
  }
}
