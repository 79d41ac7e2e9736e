package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether ECS repairs unhealthy instances automatically. */
public enum AutoRepairActionsStatus {
  ENABLED("ENABLED"),
  DISABLED("DISABLED");

  private final String value;

  AutoRepairActionsStatus(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
