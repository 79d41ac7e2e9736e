package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** An accelerator manufacturer for attribute-based instance selection. */
public enum AcceleratorManufacturer {
  AMAZON_WEB_SERVICES("amazon-web-services"),
  AMD("amd"),
  NVIDIA("nvidia"),
  XILINX("xilinx"),
  HABANA("habana");

  private final String value;

  AcceleratorManufacturer(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
