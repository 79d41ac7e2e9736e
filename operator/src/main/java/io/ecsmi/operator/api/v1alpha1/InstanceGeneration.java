package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** An instance generation for attribute-based instance selection. */
public enum InstanceGeneration {
  CURRENT("current"),
  PREVIOUS("previous");

  private final String value;

  InstanceGeneration(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
