package io.ecsmi.operator.observability;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events to the API server as core/v1 Events, one Event per object, type, reason and message
 * (see {@link EventNames}), counting repeats on it: a repeat of an Event it wrote lately is a PATCH
 * of count and lastTimestamp, with no GET; an Event gone meanwhile (expired, deleted) is created
 * again with count 1. A failure is logged, never thrown.
 *
 * <p>Not thread-safe: the recorder's one worker uses it.
 */
final class EventWriter {

  /** One event about an object, as recorded. */
  record Occurrence(
      ObjectReference involved, String type, String reason, String message, Instant at) {}

  private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);

  private final KubernetesClient client;
  private final String component;
  private final String instance;
  private final RecentEvents recent;

  EventWriter(KubernetesClient client, String component, String instance, int remembered) {
    this.client = client;
    this.component = component;
    this.instance = instance;
    this.recent = new RecentEvents(remembered);
  }

  void write(Occurrence event) {
    ObjectReference involved = event.involved();
    String name =
        EventNames.of(
            involved.getName(), involved.getUid(), event.type(), event.reason(), event.message());
    String at = DateTimeFormatter.ISO_INSTANT.format(event.at().truncatedTo(ChronoUnit.SECONDS));
    try {
      OptionalInt known = recent.count(name);
      if (known.isPresent() && patched(event, name, known.getAsInt() + 1, at)) {
        return;
      }
      created(event, name, at);
    } catch (RuntimeException e) {
      recent.forget(name);
      LOG.warn(
          "could not record event {} {} on {}/{}: {}",
          event.type(),
          event.reason(),
          involved.getNamespace(),
          involved.getName(),
          e.getMessage());
    }
  }

  /** PATCHes count and lastTimestamp; false if the Event is gone (expired, deleted). */
  private boolean patched(Occurrence event, String name, int count, String at) {
    try {
      client
          .v1()
          .events()
          .inNamespace(event.involved().getNamespace())
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"count\":" + count + ",\"lastTimestamp\":\"" + at + "\"}");
      recent.wrote(name, count);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      recent.forget(name);
      return false;
    }
  }

  /**
   * Creates the Event with count 1; if it exists already (written before this worker remembered it:
   * by another replica, before a restart, or forgotten since), counts on it instead.
   */
  private void created(Occurrence event, String name, String at) {
    var events = client.v1().events().inNamespace(event.involved().getNamespace());
    try {
      events.resource(newEvent(event, name, at)).create();
      recent.wrote(name, 1);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      Event existing = events.withName(name).get();
      if (existing == null
          || !patched(event, name, Objects.requireNonNullElse(existing.getCount(), 1) + 1, at)) {
        events.resource(newEvent(event, name, at)).create();
        recent.wrote(name, 1);
      }
    }
  }

  private Event newEvent(Occurrence event, String name, String at) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(event.involved().getNamespace())
        .endMetadata()
        .withInvolvedObject(event.involved())
        .withType(event.type())
        .withReason(event.reason())
        .withMessage(event.message())
        .withCount(1)
        .withFirstTimestamp(at)
        .withLastTimestamp(at)
        .withNewSource()
        .withComponent(component)
        .withHost(instance)
        .endSource()
        .withReportingComponent(component)
        .withReportingInstance(instance)
        .build();
  }
}
