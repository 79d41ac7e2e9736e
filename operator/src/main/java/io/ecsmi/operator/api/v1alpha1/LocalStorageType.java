package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** A local storage type for attribute-based instance selection. */
public enum LocalStorageType {
  HDD("hdd"),
  SSD("ssd");

  private final String value;

  LocalStorageType(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
