package io.ecsmi.operator.observability;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts core/v1 Events (what {@code kubectl describe} and dashboards show) without making the
 * reconcile wait: {@link #record} logs the event and queues it; one daemon worker writes the queue
 * to the API server. A full queue drops the event (counted in {@code ecsmi.events.dropped}; the log
 * line is still written). A repeated event (same object, type, reason and message) is counted on
 * the existing Event instead of adding one, as Kubernetes' own recorder does: the worker remembers
 * the Events it wrote lately and PATCHes their count, without reading them first ({@link
 * EventWriter}). Failing to record an event never fails a reconcile.
 */
public final class KubernetesEventRecorder implements EventRecorder, AutoCloseable {

  /** Events queued at most, by default. */
  public static final int DEFAULT_CAPACITY = 1000;

  /** How long {@link #close} lets the worker write what is queued. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final int MAX_MESSAGE = 1024;
  private static final int REMEMBERED = 4096;

  private final EventWriter writer;
  private final Clock clock;
  private final int capacity;
  private final Executor worker;
  private final Counter dropped;
  private final Deque<EventWriter.Occurrence> queue = new ArrayDeque<>(); // guarded by itself
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean started;
  private boolean closed;
  private boolean dropping;
  private volatile Thread workerThread;

  public KubernetesEventRecorder(
      KubernetesClient client,
      String component,
      String instance,
      Clock clock,
      MeterRegistry registry) {
    this(client, component, instance, clock, registry, DEFAULT_CAPACITY);
  }

  /** As above, queueing at most {@code capacity} events. */
  public KubernetesEventRecorder(
      KubernetesClient client,
      String component,
      String instance,
      Clock clock,
      MeterRegistry registry,
      int capacity) {
    this(
        client,
        component,
        instance,
        clock,
        registry,
        capacity,
        task -> {
          Thread t = new Thread(task, "kubernetes-events");
          t.setDaemon(true);
          t.start();
        });
  }

  /** With the worker run by {@code worker} (tests hold it back to fill the queue). */
  KubernetesEventRecorder(
      KubernetesClient client,
      String component,
      String instance,
      Clock clock,
      MeterRegistry registry,
      int capacity,
      Executor worker) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.writer = new EventWriter(client, component, instance, REMEMBERED);
    this.clock = clock;
    this.capacity = capacity;
    this.worker = worker;
    this.dropped =
        Counter.builder("ecsmi.events.dropped")
            .description("Events not written to Kubernetes: queue full, or the operator stopping")
            .register(registry);
  }

  @Override
  public void record(HasMetadata resource, String type, String reason, String message) {
    String text =
        message == null
            ? ""
            : message.length() > MAX_MESSAGE
                ? message.substring(0, MAX_MESSAGE - 3) + "..."
                : message;
    // Every Event is a log line too, with the resource in the MDC (set by JOSDK).
    if (WARNING.equals(type)) {
      LOG.warn("{}: {}", reason, text);
    } else {
      LOG.info("{}: {}", reason, text);
    }
    try {
      enqueue(new EventWriter.Occurrence(reference(resource), type, reason, text, clock.instant()));
    } catch (RuntimeException e) {
      LOG.warn("could not queue event {} {}: {}", type, reason, e.toString());
    }
  }

  private void enqueue(EventWriter.Occurrence event) {
    boolean start;
    synchronized (queue) {
      if (closed || queue.size() >= capacity) {
        drop(event);
        return;
      }
      dropping = false;
      queue.add(event);
      queue.notifyAll();
      start = !started;
      started = true;
    }
    if (start) {
      try {
        worker.execute(this::work);
      } catch (RejectedExecutionException e) {
        int lost;
        synchronized (queue) {
          started = false;
          lost = queue.size();
          queue.clear();
        }
        dropped.increment(lost);
        LOG.warn("could not start the event writer; {} events dropped: {}", lost, e.toString());
      }
    }
  }

  // Called holding the queue's lock; warns once per run of drops, not once per event.
  private void drop(EventWriter.Occurrence event) {
    dropped.increment();
    if (closed) {
      LOG.debug("event recorder closed; dropped {} {}", event.type(), event.reason());
    } else if (!dropping) {
      dropping = true;
      LOG.warn(
          "event queue full ({} events): dropping Events until the API server catches up;"
              + " counted in ecsmi.events.dropped",
          capacity);
    }
  }

  /** The worker: writes the queue in order until closed and drained. */
  private void work() {
    workerThread = Thread.currentThread();
    try {
      while (true) {
        EventWriter.Occurrence next;
        synchronized (queue) {
          while (queue.isEmpty() && !closed) {
            queue.wait();
          }
          next = queue.poll();
        }
        if (next == null) {
          return;
        }
        writer.write(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  /**
   * Writes what is queued, for at most {@link #CLOSE_TIMEOUT}, then stops the worker; what is left
   * is dropped (and counted). Events recorded afterwards are only logged.
   */
  @Override
  public void close() {
    boolean running;
    synchronized (queue) {
      if (closed) {
        return;
      }
      closed = true;
      running = started;
      queue.notifyAll();
    }
    if (!running) {
      return;
    }
    try {
      if (stopped.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int lost;
    synchronized (queue) {
      lost = queue.size();
      queue.clear();
    }
    dropped.increment(lost);
    Thread thread = workerThread;
    if (thread != null) {
      thread.interrupt(); // the write in flight, if the API server does not answer
    }
    LOG.warn("event recorder stopped after {}; {} queued events dropped", CLOSE_TIMEOUT, lost);
  }

  private static ObjectReference reference(HasMetadata resource) {
    return new ObjectReferenceBuilder()
        .withApiVersion(resource.getApiVersion())
        .withKind(resource.getKind())
        .withName(resource.getMetadata().getName())
        .withNamespace(resource.getMetadata().getNamespace())
        .withUid(resource.getMetadata().getUid())
        .withResourceVersion(resource.getMetadata().getResourceVersion())
        .build();
  }
}
