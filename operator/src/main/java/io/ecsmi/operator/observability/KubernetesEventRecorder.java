package io.ecsmi.operator.observability;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts core/v1 Events (what {@code kubectl describe} and dashboards show). A repeated event (same
 * object, type, reason and message) is counted on the existing Event instead of adding one, as
 * Kubernetes' own recorder does. Failing to record an event never fails a reconcile.
 */
public final class KubernetesEventRecorder implements EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final String component;
  private final String instance;
  private final Clock clock;

  public KubernetesEventRecorder(
      KubernetesClient client, String component, String instance, Clock clock) {
    this.client = client;
    this.component = component;
    this.instance = instance;
    this.clock = clock;
  }

  @Override
  public void record(HasMetadata resource, String type, String reason, String message) {
    String text =
        message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
    String namespace = resource.getMetadata().getNamespace();
    String name =
        resource.getMetadata().getName()
            + "."
            + digest(resource.getMetadata().getUid() + type + reason + text);
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    // Every Event is a log line too, with the resource in the MDC (set by JOSDK).
    if (WARNING.equals(type)) {
      LOG.warn("{}: {}", reason, text);
    } else {
      LOG.info("{}: {}", reason, text);
    }
    try {
      var events = client.v1().events().inNamespace(namespace);
      Event existing = events.withName(name).get();
      if (existing != null) {
        int count = existing.getCount() == null ? 2 : existing.getCount() + 1;
        events
            .withName(name)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
        return;
      }
      events
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(resource.getApiVersion())
                          .withKind(resource.getKind())
                          .withName(resource.getMetadata().getName())
                          .withNamespace(namespace)
                          .withUid(resource.getMetadata().getUid())
                          .withResourceVersion(resource.getMetadata().getResourceVersion())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(text)
                  .withCount(1)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withNewSource()
                  .withComponent(component)
                  .withHost(instance)
                  .endSource()
                  .withReportingComponent(component)
                  .withReportingInstance(instance)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} {} on {}/{}: {}",
          type,
          reason,
          namespace,
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8).toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
