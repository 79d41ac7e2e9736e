package io.ecsmi.operator.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmi.operator.api.v1alpha1.ManagedInstancesProviderSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.services.ecs.model.CapacityProvider;
import software.amazon.awssdk.services.ecs.model.CreateCapacityProviderRequest;
import software.amazon.awssdk.services.ecs.model.CreateManagedInstancesProviderConfiguration;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.UpdateCapacityProviderRequest;
import software.amazon.awssdk.services.ecs.model.UpdateManagedInstancesProviderConfiguration;

/**
 * The spec's Managed Instances configuration to ECS requests and back: pure functions. The spec's
 * field names and enum values are the ECS wire names, so the spec's JSON is the request's {@code
 * managedInstancesProvider}; {@link SdkJson} carries it into the SDK's model through the model's
 * own metadata. Members the spec leaves out are left out of a create (ECS applies its defaults); an
 * update carries the whole configuration with AWS's documented defaults ({@link EcsDefaults}).
 */
public final class SpecMapper {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The members a create accepts and an update does not ({@code capacityOptionType}, {@code
   * fipsEnabled}): taken from the SDK's shapes, i.e. AWS's model, not from a list of ours.
   */
  public static final Set<String> CREATE_ONLY =
      createOnly(
          CreateManagedInstancesProviderConfiguration.builder(),
          UpdateManagedInstancesProviderConfiguration.builder(),
          SpecDiff.ROOT);

  private SpecMapper() {}

  /** The spec's configuration in the wire form of {@code managedInstancesProvider}. */
  public static ObjectNode json(ManagedInstancesProviderSpec spec) {
    return JSON.valueToTree(spec);
  }

  public static CreateCapacityProviderRequest createRequest(DesiredProvider desired) {
    CreateManagedInstancesProviderConfiguration configuration =
        SdkJson.fromJson(desired.json(), CreateManagedInstancesProviderConfiguration::builder);
    return CreateCapacityProviderRequest.builder()
        .name(desired.key().name())
        .cluster(desired.key().cluster())
        .managedInstancesProvider(configuration)
        .tags(tags(desired.tags()))
        .build();
  }

  /**
   * The whole desired configuration in the update form: the spec, with AWS's documented default for
   * every member it leaves out that has one, without the create-only members (an update cannot
   * carry them).
   */
  public static UpdateCapacityProviderRequest updateRequest(DesiredProvider desired) {
    ObjectNode body = EcsDefaults.effective(desired.json(), desired.key().partition());
    for (String path : CREATE_ONLY) {
      remove(body, path.substring(SpecDiff.ROOT.length() + 1));
    }
    UpdateManagedInstancesProviderConfiguration configuration =
        SdkJson.fromJson(body, UpdateManagedInstancesProviderConfiguration::builder);
    return UpdateCapacityProviderRequest.builder()
        .name(desired.key().name())
        .cluster(desired.key().cluster())
        .managedInstancesProvider(configuration)
        .build();
  }

  public static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  /** ECS's view of a capacity provider; its configuration in the wire form, values as sent. */
  public static ObservedProvider observed(CapacityProvider cp) {
    Map<String, String> tags = new LinkedHashMap<>();
    cp.tags()
        .forEach(
            t -> {
              if (t.key() != null) {
                tags.put(t.key(), t.value() == null ? "" : t.value());
              }
            });
    return new ObservedProvider(
        cp.capacityProviderArn(),
        cp.name(),
        cp.cluster(),
        cp.statusAsString(),
        cp.updateStatusAsString(),
        cp.updateStatusReason(),
        cp.managedInstancesProvider() == null
            ? null
            : SdkJson.toJson(cp.managedInstancesProvider()),
        tags);
  }

  private static void remove(ObjectNode root, String path) {
    String[] parts = path.split("\\.");
    ObjectNode parent = root;
    for (int i = 0; i < parts.length - 1 && parent != null; i++) {
      parent = parent.get(parts[i]) instanceof ObjectNode o ? o : null;
    }
    if (parent != null) {
      parent.remove(parts[parts.length - 1]);
    }
  }

  /** The paths of members {@code create} has and {@code update} lacks, at any depth. */
  private static Set<String> createOnly(SdkPojo create, SdkPojo update, String path) {
    Set<String> paths = new TreeSet<>();
    Map<String, SdkField<?>> updatable = new LinkedHashMap<>();
    update.sdkFields().forEach(f -> updatable.put(f.locationName(), f));
    for (SdkField<?> field : create.sdkFields()) {
      SdkField<?> other = updatable.get(field.locationName());
      String at = path + "." + field.locationName();
      if (other == null) {
        paths.add(at);
      } else if (field.marshallingType() == MarshallingType.SDK_POJO
          && other.marshallingType() == MarshallingType.SDK_POJO) {
        paths.addAll(createOnly(field.constructor().get(), other.constructor().get(), at));
      }
    }
    return Set.copyOf(paths);
  }
}
