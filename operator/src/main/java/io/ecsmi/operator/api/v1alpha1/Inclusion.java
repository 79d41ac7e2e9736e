package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether instances with a feature are included, required or excluded (bare metal, burstable
 * performance, local storage).
 */
public enum Inclusion {
  INCLUDED("included"),
  REQUIRED("required"),
  EXCLUDED("excluded");

  private final String value;

  Inclusion(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
