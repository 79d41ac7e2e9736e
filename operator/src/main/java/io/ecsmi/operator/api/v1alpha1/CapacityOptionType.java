package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** The purchasing option of the instances. */
public enum CapacityOptionType {
  ON_DEMAND("ON_DEMAND"),
  SPOT("SPOT"),
  RESERVED("RESERVED");

  private final String value;

  CapacityOptionType(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
