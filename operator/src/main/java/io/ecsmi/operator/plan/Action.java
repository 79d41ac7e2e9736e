package io.ecsmi.operator.plan;

import io.ecsmi.operator.aws.DesiredProvider;
import io.ecsmi.operator.aws.ProviderKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One AWS change a plan asks for. Each carries the Event to record once it succeeded ({@code done},
 * or null for none).
 */
public sealed interface Action {

  Notice done();

  /** CreateCapacityProvider with the desired configuration and every tag. */
  record Create(DesiredProvider provider, Notice done) implements Action {}

  /**
   * UpdateCapacityProvider with the whole desired configuration, then a fresh describe.
   *
   * @param fields the spec paths that differed (for messages)
   */
  record Update(DesiredProvider provider, List<String> fields, Notice done) implements Action {}

  record Tag(String region, String arn, Map<String, String> tags, Notice done) implements Action {}

  record Untag(String region, String arn, Set<String> keys, Notice done) implements Action {}

  record Delete(ProviderKey key, Notice done) implements Action {}

  /** The service-linked role's last-one-out step, once the provider is confirmed gone. */
  record ReleaseRole(Notice done) implements Action {}
}
