package io.ecsmi.operator.aws;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Coalesces concurrent describes of single capacity providers into DescribeCapacityProviders calls
 * of up to 100 names per region and cluster. Nothing waits for a batch to fill: a lone describe
 * goes out at once, and the names asked for while a call is in flight share the next one. With many
 * reconciles in parallel (startup, a thousand resources) that divides the describes by up to a
 * hundred.
 */
final class DescribeBatcher {

  static final int MAX_NAMES = 100;

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

  DescribeBatcher(BatchCall call, Executor executor) {
    this.call = call;
    this.executor = executor;
  }

  Optional<ObservedProvider> describe(String region, String cluster, String name) {
    Key key = new Key(region, cluster);
    Pending pending = new Pending(name, new CompletableFuture<>());
    Queue queue = queues.computeIfAbsent(key, k -> new Queue());
    boolean start;
    synchronized (queue) {
      queue.pending.add(pending);
      start = !queue.draining;
      queue.draining = true;
    }
    if (start) {
      executor.execute(() -> drain(key, queue));
    }
    try {
      return pending.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
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
