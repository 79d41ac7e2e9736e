package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** CloudWatch monitoring of the instances (ECS {@code ManagedInstancesMonitoringOptions}). */
public enum Monitoring {
  BASIC("BASIC"),
  DETAILED("DETAILED");

  private final String value;

  Monitoring(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
