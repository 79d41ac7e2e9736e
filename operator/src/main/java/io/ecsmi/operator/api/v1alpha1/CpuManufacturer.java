package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** A CPU manufacturer for attribute-based instance selection. */
public enum CpuManufacturer {
  INTEL("intel"),
  AMD("amd"),
  AMAZON_WEB_SERVICES("amazon-web-services");

  private final String value;

  CpuManufacturer(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
