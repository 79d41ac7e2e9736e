package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether the operator changes AWS or only observes it. */
public enum ManagementPolicy {
  FULL("Full"),
  OBSERVE_ONLY("ObserveOnly");

  private final String value;

  ManagementPolicy(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
