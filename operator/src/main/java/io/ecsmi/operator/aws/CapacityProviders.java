package io.ecsmi.operator.aws;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.CapacityProvider;
import software.amazon.awssdk.services.ecs.model.CapacityProviderField;

/**
 * The ECS calls on capacity providers. Every call passes the cluster (Managed Instances providers
 * are cluster-scoped) and every failure is a classified {@link AwsCallException}. Describes of
 * single providers are batched (see {@link DescribeBatcher}).
 */
public final class CapacityProviders {

  private static final Logger LOG = LoggerFactory.getLogger(CapacityProviders.class);

  private final AwsClients clients;
  private final DescribeBatcher batcher;
  private final boolean batched;
  private final RequestQuotas quotas;

  public CapacityProviders(AwsClients clients, Executor executor) {
    this(clients, executor, true, RequestQuotas.ecs());
  }

  /**
   * @param batched whether describes of single providers are batched; false (the benchmark's naive
   *     baseline) makes a call per describe
   * @param quotas the request quotas calls are spaced to: reads and tags wait for their slot here;
   *     creates, updates and deletes are {@link #reserve reserved} by the caller, whose wait may be
   *     long
   */
  public CapacityProviders(
      AwsClients clients, Executor executor, boolean batched, RequestQuotas quotas) {
    this.clients = clients;
    this.batched = batched;
    this.quotas = quotas;
    this.batcher =
        new DescribeBatcher(
            this::describeNow, executor, describeTimeout(clients.settings().callTimeout()));
  }

  /**
   * How long a describe waits for its batch: the call in flight when it was queued and its own
   * call, each bounded by the SDK's call timeout, plus a margin (65 s with the default 30 s).
   */
  static Duration describeTimeout(Duration callTimeout) {
    return callTimeout.multipliedBy(2).plusSeconds(5);
  }

  /** The provider, if ECS has one by this name in this cluster (INACTIVE ones included). */
  public Optional<ObservedProvider> describe(ProviderKey key) {
    if (!batched) {
      Described alone = describeNow(key.region(), key.cluster(), List.of(key.name()));
      RuntimeException unreadable = alone.unreadable().get(key.name());
      if (unreadable != null) {
        throw unreadable;
      }
      return Optional.ofNullable(alone.found().get(key.name()));
    }
    return batcher.describe(key.region(), key.cluster(), key.name());
  }

  /**
   * The provider of {@code key} and, in the same call, the providers named {@code alsoNames} in the
   * same cluster: name to what ECS has (empty: absent). The key's name is always in the answer; an
   * unreadable provider of {@code alsoNames} is left out. Without batching (the naive baseline)
   * only the key's provider is described.
   */
  public Map<String, Optional<ObservedProvider>> describe(
      ProviderKey key, Collection<String> alsoNames) {
    if (!batched) {
      return Map.of(key.name(), describe(key));
    }
    return batcher.describe(key.region(), key.cluster(), key.name(), alsoNames);
  }

  /**
   * Many providers of one cluster, in calls of up to 100 names: name to provider. A provider that
   * cannot be read is left out (and logged), so it does not hide the others.
   */
  public Map<String, ObservedProvider> describeAll(
      String region, String cluster, Collection<String> names) {
    Map<String, ObservedProvider> found = new LinkedHashMap<>();
    List<String> all = List.copyOf(new LinkedHashSet<>(names));
    for (int from = 0; from < all.size(); from += DescribeBatcher.MAX_NAMES) {
      Described described =
          describeNow(
              region,
              cluster,
              all.subList(from, Math.min(all.size(), from + DescribeBatcher.MAX_NAMES)));
      found.putAll(described.found());
      described
          .unreadable()
          .forEach(
              (name, e) ->
                  LOG.error(
                      "capacity provider {} in {}/{} cannot be read", name, region, cluster, e));
    }
    return found;
  }

  /**
   * Reserves the next slot for a create, update or delete in {@code region} under ECS's request
   * quota; the wait until it. The caller makes the call at that slot.
   */
  public Duration reserve(String region, String operation) {
    return quotas.reserve(region, operation);
  }

  /** The quota {@code operation} is held to, for messages. */
  public Optional<RequestQuotas.Quota> quota(String operation) {
    return quotas.quota(operation);
  }

  /** Sleeps through a (short) wait for a reserved slot. */
  public static void sleep(Duration wait) {
    RequestQuotas.sleep(wait);
  }

  public ObservedProvider create(DesiredProvider desired) {
    CapacityProvider created =
        AwsCallException.call(
            "CreateCapacityProvider",
            () ->
                clients
                    .ecs(desired.key().region())
                    .createCapacityProvider(SpecMapper.createRequest(desired))
                    .capacityProvider());
    return SpecMapper.observed(created);
  }

  /**
   * Sends the full desired configuration. The answer is not used: AWS does not promise it is
   * current, so callers describe again (DESIGN §4).
   */
  public void update(DesiredProvider desired) {
    AwsCallException.call(
        "UpdateCapacityProvider",
        () ->
            clients
                .ecs(desired.key().region())
                .updateCapacityProvider(SpecMapper.updateRequest(desired)));
  }

  public ObservedProvider delete(ProviderKey key) {
    CapacityProvider deleting =
        AwsCallException.call(
            "DeleteCapacityProvider",
            () ->
                clients
                    .ecs(key.region())
                    .deleteCapacityProvider(
                        d -> d.capacityProvider(key.name()).cluster(key.cluster()))
                    .capacityProvider());
    return SpecMapper.observed(deleting);
  }

  public void tag(String region, String arn, Map<String, String> tags) {
    quotas.acquire(region, "TagResource");
    AwsCallException.call(
        "TagResource",
        () -> clients.ecs(region).tagResource(t -> t.resourceArn(arn).tags(SpecMapper.tags(tags))));
  }

  public void untag(String region, String arn, Set<String> keys) {
    quotas.acquire(region, "UntagResource");
    AwsCallException.call(
        "UntagResource",
        () -> clients.ecs(region).untagResource(u -> u.resourceArn(arn).tagKeys(keys)));
  }

  /** What one DescribeCapacityProviders call found, and the providers that could not be read. */
  record Described(Map<String, ObservedProvider> found, Map<String, RuntimeException> unreadable) {}

  private Described describeNow(String region, String cluster, List<String> names) {
    quotas.acquire(region, "DescribeCapacityProviders");
    var response =
        AwsCallException.call(
            "DescribeCapacityProviders",
            () ->
                clients
                    .ecs(region)
                    .describeCapacityProviders(
                        d ->
                            d.cluster(cluster)
                                .capacityProviders(names)
                                .include(CapacityProviderField.TAGS)));
    Map<String, ObservedProvider> found = new LinkedHashMap<>();
    Map<String, RuntimeException> unreadable = new LinkedHashMap<>();
    for (CapacityProvider cp : response.capacityProviders()) {
      try {
        ObservedProvider observed = SpecMapper.observed(cp);
        // A live provider wins over an INACTIVE one of the same name that is still visible.
        found.merge(observed.name(), observed, (a, b) -> a.gone() ? b : a);
      } catch (RuntimeException e) {
        // One provider this operator cannot read affects its own resource only.
        unreadable.put(
            cp.name(), new AwsCallException(AwsErrors.classify("DescribeCapacityProviders", e), e));
      }
    }
    return new Described(found, unreadable);
  }
}
