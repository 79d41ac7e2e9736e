package io.ecsmi.operator.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.Namespaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The recorder against a real API server: aggregation, long names, the bounded queue, close. */
@ExtendWith(KubeApiServerExtension.class)
class KubernetesEventRecorderIT {

  private static final Duration AT_MOST = Duration.ofSeconds(30);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HeldWorker held = new HeldWorker();
  private final List<KubernetesEventRecorder> recorders = new ArrayList<>();
  private KubernetesClient client;
  private String namespace;

  @BeforeEach
  void namespace(KubernetesClient client) {
    this.client = client;
    this.namespace = Namespaces.create(client, "events");
  }

  @AfterEach
  void close() {
    recorders.forEach(KubernetesEventRecorder::close);
  }

  /** Runs the worker only when the test says so, on a thread of its own. */
  private static final class HeldWorker implements Executor {
    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    synchronized int waiting() {
      return tasks.size();
    }

    synchronized void release() {
      for (Runnable task : tasks) {
        Thread t = new Thread(task, "held-kubernetes-events");
        t.setDaemon(true);
        t.start();
      }
      tasks.clear();
    }
  }

  private KubernetesEventRecorder recorder() {
    return keep(
        new KubernetesEventRecorder(
            client, "ecs-mi-operator", "replica-1", Clock.systemUTC(), registry));
  }

  private KubernetesEventRecorder heldRecorder(int capacity) {
    return keep(
        new KubernetesEventRecorder(
            client, "ecs-mi-operator", "replica-1", Clock.systemUTC(), registry, capacity, held));
  }

  private KubernetesEventRecorder keep(KubernetesEventRecorder recorder) {
    recorders.add(recorder);
    return recorder;
  }

  private ConfigMap object(String name) {
    return client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .create();
  }

  private List<Event> events(String objectName) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> objectName.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private Event awaitOneEvent(String objectName, int count) {
    return await("one Event on " + objectName + " with count " + count)
        .atMost(AT_MOST)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> events(objectName),
            events -> events.size() == 1 && Integer.valueOf(count).equals(events.get(0).getCount()))
        .get(0);
  }

  private double dropped() {
    return registry.get("ecsmi.events.dropped").counter().count();
  }

  @Test
  void aBurstOfTheSameEventIsOneEventWithItsCount() {
    // Given an object
    ConfigMap general = object("general");
    KubernetesEventRecorder recorder = recorder();

    // When the same warning is recorded five times
    for (int i = 0; i < 5; i++) {
      recorder.warning(general, "UpdateFailed", "ThrottlingException: Rate exceeded");
    }

    // Then kubectl sees one Event counted five times
    Event event = awaitOneEvent("general", 5);
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getReason()).isEqualTo("UpdateFailed");
    assertThat(event.getInvolvedObject().getUid()).isEqualTo(general.getMetadata().getUid());
    assertThat(event.getFirstTimestamp()).isNotNull();
    assertThat(event.getLastTimestamp()).isNotNull();
    assertThat(dropped()).isZero();
  }

  @Test
  void anEventAboutAnObjectWithA253CharacterNameIsStored() {
    // Given an object whose name is as long as Kubernetes allows
    String longName = "cp-" + "x".repeat(250);
    ConfigMap object = object(longName);

    // When an event about it is recorded
    recorder().normal(object, "Created", "created capacity provider " + longName);

    // Then the Event is stored, under a name Kubernetes accepts
    Event event = awaitOneEvent(longName, 1);
    assertThat(event.getMetadata().getName()).hasSize(253).startsWith("cp-xxx");
  }

  @Test
  void recordReturnsBeforeTheApiServerIsAsked() {
    // Given a recorder whose worker has not run yet
    ConfigMap general = object("general");
    KubernetesEventRecorder recorder = heldRecorder(10);

    // When an event is recorded, then record returns with nothing written yet
    recorder.normal(general, "Created", "created general");
    assertThat(held.waiting()).isEqualTo(1);
    assertThat(events("general")).isEmpty();

    // And the worker writes it once it runs
    held.release();
    awaitOneEvent("general", 1);
  }

  @Test
  void aFullQueueDropsTheEventAndCountsIt() {
    // Given a queue of one, filled while the worker is held back
    ConfigMap general = object("general");
    KubernetesEventRecorder recorder = heldRecorder(1);
    recorder.normal(general, "Created", "created general");

    // When another event is recorded, then it is dropped and counted
    recorder.normal(general, "Updated", "updated general");
    assertThat(dropped()).isEqualTo(1);

    // And only the queued event reaches the API server
    held.release();
    awaitOneEvent("general", 1);
    recorder.close();
    assertThat(events("general")).extracting(Event::getReason).containsExactly("Created");
  }

  @Test
  void anEventDeletedMeanwhileIsCreatedAgainWithCountOne() {
    // Given an Event this recorder counted twice
    ConfigMap general = object("general");
    KubernetesEventRecorder recorder = recorder();
    recorder.warning(general, "DeleteFailed", "in use");
    recorder.warning(general, "DeleteFailed", "in use");
    Event event = awaitOneEvent("general", 2);

    // When it expires (is deleted) and the event happens again
    client.v1().events().inNamespace(namespace).withName(event.getMetadata().getName()).delete();
    await().atMost(AT_MOST).until(() -> events("general").isEmpty());
    recorder.warning(general, "DeleteFailed", "in use");

    // Then a new Event counts it once
    awaitOneEvent("general", 1);
  }

  @Test
  void aReplicaThatDidNotWriteTheEventCountsOnIt() {
    // Given an Event written by the previous leader
    ConfigMap general = object("general");
    recorder().warning(general, "DeleteFailed", "in use");
    awaitOneEvent("general", 1);

    // When the new leader records the same event
    keep(new KubernetesEventRecorder(
            client, "ecs-mi-operator", "replica-2", Clock.systemUTC(), registry))
        .warning(general, "DeleteFailed", "in use");

    // Then it is counted on that Event
    awaitOneEvent("general", 2);
  }

  @Test
  void closeWritesWhatIsQueuedAndLaterEventsAreOnlyLogged() {
    // Given three events queued behind a held worker
    ConfigMap general = object("general");
    KubernetesEventRecorder recorder = heldRecorder(10);
    recorder.normal(general, "Created", "created general");
    recorder.normal(general, "Updated", "updated general");
    recorder.warning(general, "UpdateFailed", "throttled");
    held.release();

    // When the recorder is closed, then all three are written by the time close returns
    recorder.close();
    assertThat(events("general"))
        .extracting(Event::getReason)
        .containsExactlyInAnyOrder("Created", "Updated", "UpdateFailed");

    // And an event recorded afterwards is dropped and counted
    recorder.normal(general, "Deleted", "deleted general");
    assertThat(dropped()).isEqualTo(1);
  }
}
