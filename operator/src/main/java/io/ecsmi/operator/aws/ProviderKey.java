package io.ecsmi.operator.aws;

/** Where an ECS capacity provider lives: its region, its cluster (name or ARN) and its name. */
public record ProviderKey(String region, String cluster, String name) {

  @Override
  public String toString() {
    return region + "/" + cluster + "/" + name;
  }
}
