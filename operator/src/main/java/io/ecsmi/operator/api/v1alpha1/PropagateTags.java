package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where the tags of launched instances come from (ECS {@code PropagateMITags}). */
public enum PropagateTags {
  CAPACITY_PROVIDER("CAPACITY_PROVIDER"),
  NONE("NONE");

  private final String value;

  PropagateTags(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
