package io.ecsmi.operator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What differs between a desired and an actual configuration, both in the wire form of {@code
 * managedInstancesProvider}, as paths like {@code
 * managedInstancesProvider.instanceLaunchTemplate.monitoring}. Pure functions.
 *
 * <p>Only what the desired side sets is compared (apply {@link EcsDefaults#effective} to both sides
 * first, so documented defaults count as set). Lists compare as sets (subnets, instance types...
 * have no order); numbers compare by value (2 equals 2.0).
 */
public final class SpecDiff {

  public static final String ROOT = "managedInstancesProvider";

  private SpecDiff() {}

  /** One member that differs: the spec's value and AWS's (a missing node when absent). */
  public record Difference(String path, JsonNode desired, JsonNode actual) {

    /** "path: spec X, AWS Y", for conditions and Events. */
    public String describe() {
      return path + ": spec " + show(desired) + ", AWS " + show(actual);
    }

    private static String show(JsonNode value) {
      if (value == null || value.isMissingNode() || value.isNull()) {
        return "(not set)";
      }
      return value.isTextual() ? value.asText() : value.toString();
    }
  }

  /** The members {@code desired} sets that {@code actual} does not have, or has otherwise. */
  public static List<Difference> configuration(JsonNode desired, JsonNode actual) {
    List<Difference> out = new ArrayList<>();
    compare(ROOT, desired, actual == null ? MissingNode.getInstance() : actual, out);
    return out;
  }

  /**
   * The members {@code actual} holds that {@code desired} leaves out: the leaves of objects both
   * have, or a whole object {@code desired} lacks. Whether ECS keeps or resets them when an update
   * leaves them out is undocumented; they are never a reason to loop.
   */
  public static List<String> unspecified(JsonNode desired, JsonNode actual) {
    List<String> out = new ArrayList<>();
    if (actual != null) {
      extras(ROOT, desired == null ? MissingNode.getInstance() : desired, actual, out);
    }
    return out;
  }

  /** The tag changes that make {@code actual} equal {@code desired}. */
  public record TagChanges(Map<String, String> toSet, Set<String> toRemove) {

    public boolean isEmpty() {
      return toSet.isEmpty() && toRemove.isEmpty();
    }
  }

  /** Tags to set and to remove; {@code aws:} tags are AWS's and never touched. */
  public static TagChanges tags(Map<String, String> desired, Map<String, String> actual) {
    Map<String, String> toSet = new TreeMap<>();
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

  private static void compare(
      String path, JsonNode desired, JsonNode actual, List<Difference> out) {
    if (absent(desired)) {
      return; // not set: nothing asked for
    }
    if (absent(actual)) {
      out.add(new Difference(path, desired, MissingNode.getInstance()));
      return;
    }
    if (desired.isObject()) {
      if (!actual.isObject()) {
        out.add(new Difference(path, desired, actual));
        return;
      }
      desired
          .properties()
          .forEach(
              e -> compare(path + "." + e.getKey(), e.getValue(), actual.path(e.getKey()), out));
    } else if (desired.isArray()) {
      if (!actual.isArray() || !asSet(desired).equals(asSet(actual))) {
        out.add(new Difference(path, desired, actual));
      }
    } else if (desired.isNumber() && actual.isNumber()) {
      if (desired.decimalValue().compareTo(actual.decimalValue()) != 0) {
        out.add(new Difference(path, desired, actual));
      }
    } else if (!desired.equals(actual)) {
      out.add(new Difference(path, desired, actual));
    }
  }

  private static void extras(String path, JsonNode desired, JsonNode actual, List<String> out) {
    if (absent(actual)) {
      return;
    }
    if (absent(desired)) {
      out.add(path);
      return;
    }
    if (desired.isObject() && actual.isObject()) {
      actual
          .properties()
          .forEach(
              e -> extras(path + "." + e.getKey(), desired.path(e.getKey()), e.getValue(), out));
    }
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }

  private static Set<JsonNode> asSet(JsonNode array) {
    Set<JsonNode> set = new HashSet<>();
    array.forEach(n -> set.add(n.isNumber() ? canonical(n) : n));
    return set;
  }

  private static JsonNode canonical(JsonNode number) {
    return DecimalNode.valueOf(number.decimalValue().stripTrailingZeros());
  }
}
