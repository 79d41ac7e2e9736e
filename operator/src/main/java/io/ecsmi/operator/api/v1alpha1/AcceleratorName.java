package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** An accelerator model for attribute-based instance selection. */
public enum AcceleratorName {
  A100("a100"),
  INFERENTIA("inferentia"),
  K520("k520"),
  K80("k80"),
  M60("m60"),
  RADEON_PRO_V520("radeon-pro-v520"),
  T4("t4"),
  VU9P("vu9p"),
  V100("v100"),
  A10G("a10g"),
  H100("h100"),
  T4G("t4g");

  private final String value;

  AcceleratorName(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
