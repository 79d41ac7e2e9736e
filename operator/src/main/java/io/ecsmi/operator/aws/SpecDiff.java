package io.ecsmi.operator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsmi.operator.api.v1alpha1.ManagedInstancesProviderSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What differs between the desired and the actual configuration, as the spec paths that differ
 * (e.g. {@code managedInstancesProvider.instanceLaunchTemplate.monitoring}).
 *
 * <p>Only what the spec sets is compared: a member the spec leaves out is ECS's to default. Lists
 * compare as sets (subnets, instance types... have no order); numbers compare by value.
 */
public final class SpecDiff {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOT = "managedInstancesProvider";

  private SpecDiff() {}

  public static List<String> configuration(
      ManagedInstancesProviderSpec desired, ManagedInstancesProviderSpec actual) {
    List<String> paths = new ArrayList<>();
    compare(ROOT, JSON.valueToTree(desired), JSON.valueToTree(actual), paths);
    return paths;
  }

  /** The tag changes that make {@code actual} equal {@code desired}. */
  public record TagChanges(Map<String, String> toSet, Set<String> toRemove) {

    public boolean isEmpty() {
      return toSet.isEmpty() && toRemove.isEmpty();
    }
  }

  /** Tags to set and to remove; {@code aws:} tags are AWS's and never touched. */
  public static TagChanges tags(Map<String, String> desired, Map<String, String> actual) {
    Map<String, String> toSet = new java.util.TreeMap<>();
    desired.forEach(
        (k, v) -> {
          if (!v.equals(actual.get(k))) {
            toSet.put(k, v);
          }
        });
    Set<String> toRemove = new TreeSet<>();
    actual.keySet().stream()
        .filter(k -> !desired.containsKey(k) && !k.startsWith("aws:"))
        .forEach(toRemove::add);
    return new TagChanges(toSet, toRemove);
  }

  private static void compare(String path, JsonNode desired, JsonNode actual, List<String> out) {
    if (desired == null || desired.isNull() || desired.isMissingNode()) {
      return; // not set in the spec: ECS decides
    }
    if (actual == null || actual.isNull() || actual.isMissingNode()) {
      out.add(path);
      return;
    }
    if (desired.isObject()) {
      if (!actual.isObject()) {
        out.add(path);
        return;
      }
      desired
          .properties()
          .forEach(
              e -> compare(path + "." + e.getKey(), e.getValue(), actual.get(e.getKey()), out));
    } else if (desired.isArray()) {
      if (!actual.isArray() || !asSet(desired).equals(asSet(actual))) {
        out.add(path);
      }
    } else if (desired.isNumber() && actual.isNumber()) {
      if (desired.decimalValue().compareTo(actual.decimalValue()) != 0) {
        out.add(path);
      }
    } else if (!desired.equals(actual)) {
      out.add(path);
    }
  }

  private static Set<JsonNode> asSet(JsonNode array) {
    Set<JsonNode> set = new HashSet<>();
    array.forEach(set::add);
    return set;
  }
}
