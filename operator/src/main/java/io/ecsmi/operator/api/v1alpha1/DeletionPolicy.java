package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happens to the ECS capacity provider when the resource is deleted. */
public enum DeletionPolicy {
  DELETE("Delete"),
  RETAIN("Retain");

  private final String value;

  DeletionPolicy(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
