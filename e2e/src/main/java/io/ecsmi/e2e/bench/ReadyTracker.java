package io.ecsmi.e2e.bench;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;

/**
 * Watches every CapacityProvider and notes when each was first Ready for its generation, first had
 * a status at all, and when it was gone. Keyed by {@code namespace/name}.
 */
final class ReadyTracker implements AutoCloseable {

  private final SharedIndexInformer<CapacityProvider> informer;
  private final Map<String, Instant> firstStatus = new ConcurrentHashMap<>();
  private final Map<String, Instant> firstReady = new ConcurrentHashMap<>();
  private final Map<String, Instant> gone = new ConcurrentHashMap<>();

  ReadyTracker(KubernetesClient client) {
    informer =
        client
            .resources(CapacityProvider.class)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(CapacityProvider cp) {
                    seen(cp);
                  }

                  @Override
                  public void onUpdate(CapacityProvider old, CapacityProvider cp) {
                    seen(cp);
                  }

                  @Override
                  public void onDelete(CapacityProvider cp, boolean unknownFinalState) {
                    gone.putIfAbsent(key(cp), Instant.now());
                  }
                },
                0);
  }

  private void seen(CapacityProvider cp) {
    Instant now = Instant.now();
    if (cp.getStatus() != null) {
      firstStatus.putIfAbsent(key(cp), now);
    }
    if (OperatorHarness.readyForItsGeneration(cp)) {
      firstReady.putIfAbsent(key(cp), now);
    }
  }

  static String key(CapacityProvider cp) {
    return cp.getMetadata().getNamespace() + "/" + cp.getMetadata().getName();
  }

  int ready() {
    return firstReady.size();
  }

  Instant readyAt(String key) {
    return firstReady.get(key);
  }

  Instant statusAt(String key) {
    return firstStatus.get(key);
  }

  /** Waits until {@code count} resources have been Ready; returns when the last one was. */
  Instant awaitReady(int count, Duration atMost) {
    Awaitility.await(count + " CapacityProviders Ready")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> firstReady.size() >= count);
    return firstReady.values().stream().max(Instant::compareTo).orElseThrow();
  }

  /** Waits until {@code count} resources are gone; returns when the last one went. */
  Instant awaitGone(int count, Duration atMost) {
    Awaitility.await(count + " CapacityProviders gone")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> gone.size() >= count);
    return gone.values().stream().max(Instant::compareTo).orElseThrow();
  }

  @Override
  public void close() {
    informer.close();
  }
}
