package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** An accelerator type for attribute-based instance selection. */
public enum AcceleratorType {
  GPU("gpu"),
  FPGA("fpga"),
  INFERENCE("inference");

  private final String value;

  AcceleratorType(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
