package io.ecsmi.e2e.bench;

import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.Namespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * N CapacityProviders laid out as one account would: two regions, clusters of at most 20 capacity
 * providers (the ECS quota "capacity providers per cluster": 20, Amazon ECS service quotas), ten
 * namespaces. Applied at once, as {@code kubectl apply -f dir/} of many files does.
 */
public record Workload(int size, List<Item> items) {

  static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");
  static final int PER_CLUSTER = 20;
  static final int NAMESPACES = 10;

  /** One resource: its namespace, name, region and cluster. */
  public record Item(String namespace, String name, String region, String cluster) {

    public String key() {
      return namespace + "/" + name;
    }
  }

  /** Resources named {@code cp-0000…}, alternating regions, 20 per cluster. */
  public static Workload of(int size, List<String> namespaces) {
    return of(size, namespaces, PER_CLUSTER);
  }

  /** As above, {@code perCluster} to a cluster (room left for providers of others). */
  public static Workload of(int size, List<String> namespaces, int perCluster) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int perRegion = i / REGIONS.size();
      items.add(
          new Item(
              namespaces.get(i % namespaces.size()),
              String.format("cp-%04d", i),
              REGIONS.get(i % REGIONS.size()),
              String.format("bench-%02d", perRegion / perCluster)));
    }
    return new Workload(size, List.copyOf(items));
  }

  public static List<String> createNamespaces(KubernetesClient client) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < NAMESPACES; i++) {
      names.add(Namespaces.create(client, "bench-" + i));
    }
    return names;
  }

  /** The clusters the items use, created in the emulator. */
  public void createClusters(AwsEmulator aws) {
    items.stream()
        .map(i -> i.region() + "/" + i.cluster())
        .distinct()
        .forEach(key -> aws.createCluster(key.split("/")[0], key.split("/")[1]));
  }

  long inRegion(String region) {
    return items.stream().filter(i -> i.region().equals(region)).count();
  }

  long clusters() {
    return items.stream().map(i -> i.region() + "/" + i.cluster()).distinct().count();
  }

  public static CapacityProvider resource(Item item) {
    String yaml =
        """
        apiVersion: ecsmi.io/v1alpha1
        kind: CapacityProvider
        metadata:
          name: %s
          namespace: %s
        spec:
          cluster: %s
          region: %s
          managedInstancesProvider:
            infrastructureRoleArn: arn:aws:iam::123456789012:role/ecsInfrastructureRole
            instanceLaunchTemplate:
              ec2InstanceProfileArn: arn:aws:iam::123456789012:instance-profile/ecsInstanceRole
              networkConfiguration:
                subnets: [subnet-0a1b2c3d]
        """
            .formatted(item.name(), item.namespace(), item.cluster(), item.region());
    return Serialization.unmarshal(yaml, CapacityProvider.class);
  }

  /** Creates every resource, eight requests at a time. */
  public void apply(KubernetesClient client) {
    inParallel(items, item -> client.resource(resource(item)).create());
  }

  /** Deletes every resource, eight requests at a time. */
  public void delete(KubernetesClient client) {
    delete(client, items);
  }

  /** Deletes {@code some} of the resources, eight requests at a time. */
  public static void delete(KubernetesClient client, List<Item> some) {
    inParallel(
        some,
        item ->
            client
                .resources(CapacityProvider.class)
                .inNamespace(item.namespace())
                .withName(item.name())
                .delete());
  }

  /** Does {@code action} for every item, eight at a time. */
  public static void inParallel(List<Item> items, java.util.function.Consumer<Item> action) {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Item item : items) {
        done.add(pool.submit(() -> action.accept(item)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("applying the workload failed", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
