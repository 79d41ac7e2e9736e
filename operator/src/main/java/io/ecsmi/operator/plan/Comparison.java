package io.ecsmi.operator.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.ecsmi.operator.aws.EcsDefaults;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.Partition;
import io.ecsmi.operator.aws.SpecDiff;
import io.ecsmi.operator.aws.SpecDiff.Difference;
import io.ecsmi.operator.aws.SpecMapper;
import java.util.List;

/**
 * The spec's configuration and the one ECS holds, both with AWS's documented defaults filled in
 * ({@link EcsDefaults}), compared: what differs in members an update can change, what differs in
 * members only a create sets ({@link SpecMapper#CREATE_ONLY}), and what ECS holds beyond the spec.
 */
record Comparison(JsonNode desired, JsonNode observed, List<Difference> differences) {

  static Comparison of(Desired d, ObservedProvider actual) {
    Partition partition = d.partition().orElseThrow();
    JsonNode desired = EcsDefaults.effective(d.provider().json(), partition);
    JsonNode observed =
        actual.configuration() == null
            ? MissingNode.getInstance()
            : EcsDefaults.effective(actual.configuration(), partition);
    return new Comparison(desired, observed, SpecDiff.configuration(desired, observed));
  }

  /** Differences an update can remove. */
  List<Difference> updatable() {
    return differences.stream().filter(x -> !SpecMapper.CREATE_ONLY.contains(x.path())).toList();
  }

  /** Differences in members only a create sets: a conflict for a human. */
  List<Difference> immutable() {
    return differences.stream().filter(x -> SpecMapper.CREATE_ONLY.contains(x.path())).toList();
  }

  /** Members ECS holds that the spec does not set (create-only ones aside). */
  List<String> unspecified() {
    return SpecDiff.unspecified(desired, observed).stream()
        .filter(p -> !SpecMapper.CREATE_ONLY.contains(p))
        .toList();
  }

  static String describe(List<Difference> differences) {
    return String.join("; ", differences.stream().map(Difference::describe).toList());
  }
}
