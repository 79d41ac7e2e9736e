package io.ecsmi.operator.aws;

/** Where an ECS capacity provider lives: its region, its cluster (name or ARN) and its name. */
public record ProviderKey(String region, String cluster, String name) {

  /** The region's partition; only keys in a {@link Partition#SUPPORTED} partition reach AWS. */
  public Partition partition() {
    return Partition.of(region)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "region " + region + " is not in a partition the operator supports"));
  }

  @Override
  public String toString() {
    return region + "/" + cluster + "/" + name;
  }
}
