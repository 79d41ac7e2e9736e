package io.ecsmi.operator.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmi.operator.aws.RoleLedger;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link RoleLedger} in a ConfigMap of the operator's namespace, one key per partition, written
 * with the ConfigMap's resourceVersion (optimistic concurrency): a new leader, or another shard of
 * the same installation, reads what the previous one decided.
 */
public final class ConfigMapRoleLedger implements RoleLedger {

  /** The ConfigMap's name: one per namespace, shared by every partition's ledger. */
  public static final String NAME = "ecs-mi-operator-service-linked-roles";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final String namespace;
  private final String key;

  /**
   * @param key the partition (or account) whose role this ledger keeps
   */
  public ConfigMapRoleLedger(KubernetesClient client, String namespace, String key) {
    this.client = client;
    this.namespace = namespace;
    this.key = key;
  }

  @Override
  public Versioned read() {
    ConfigMap map = configMap().get();
    if (map == null) {
      return new Versioned(Entry.EMPTY, null);
    }
    String text = map.getData() == null ? null : map.getData().get(key);
    return new Versioned(
        text == null ? Entry.EMPTY : parse(text), map.getMetadata().getResourceVersion());
  }

  @Override
  public boolean write(Entry next, String version) {
    try {
      if (version == null) {
        client
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(NAME)
                    .withNamespace(namespace)
                    .addToLabels("app.kubernetes.io/managed-by", "ecs-mi-operator")
                    .endMetadata()
                    .addToData(key, render(next))
                    .build())
            .create();
        return true;
      }
      ConfigMap current = configMap().get();
      if (current == null || !version.equals(current.getMetadata().getResourceVersion())) {
        return false;
      }
      Map<String, String> data =
          new LinkedHashMap<>(current.getData() == null ? Map.of() : current.getData());
      data.put(key, render(next));
      current.setData(data);
      client.resource(current).lockResourceVersion(version).update();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false; // someone else wrote first
      }
      throw e;
    }
  }

  private io.fabric8.kubernetes.client.dsl.Resource<ConfigMap> configMap() {
    return client.configMaps().inNamespace(namespace).withName(NAME);
  }

  static String render(Entry entry) {
    ObjectNode json = JSON.createObjectNode();
    entry
        .deletion()
        .ifPresent(
            d -> {
              ObjectNode deletion = json.putObject("deletion");
              deletion.put("decidedAt", d.decidedAt().toString());
              d.taskId().ifPresent(t -> deletion.put("taskId", t));
            });
    entry.deletedAt().ifPresent(at -> json.put("deletedAt", at.toString()));
    ObjectNode released = json.putObject("released");
    entry.released().forEach((holder, at) -> released.put(holder, at.toString()));
    ArrayNode refused = json.putArray("refused");
    entry.refused().stream().sorted().forEach(refused::add);
    return json.toString();
  }

  static Entry parse(String text) {
    try {
      JsonNode json = JSON.readTree(text);
      JsonNode d = json.path("deletion");
      Optional<Deletion> deletion =
          d.isObject()
              ? Optional.of(
                  new Deletion(
                      Instant.parse(d.path("decidedAt").asText()),
                      d.hasNonNull("taskId")
                          ? Optional.of(d.get("taskId").asText())
                          : Optional.empty()))
              : Optional.empty();
      Optional<Instant> deletedAt =
          json.hasNonNull("deletedAt")
              ? Optional.of(Instant.parse(json.get("deletedAt").asText()))
              : Optional.empty();
      Map<String, Instant> released = new LinkedHashMap<>();
      json.path("released")
          .properties()
          .forEach(e -> released.put(e.getKey(), Instant.parse(e.getValue().asText())));
      Set<String> refused = new HashSet<>();
      json.path("refused").forEach(holder -> refused.add(holder.asText()));
      return new Entry(deletion, deletedAt, released, refused);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the service-linked role ledger is not valid JSON: " + text, e);
    }
  }
}
