package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an existing capacity provider of the same name may be taken over. */
public enum AdoptionPolicy {
  NONE("None"),
  ADOPT_EXISTING("AdoptExisting");

  private final String value;

  AdoptionPolicy(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
