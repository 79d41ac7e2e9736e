package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** How capacity reservations are used (ECS {@code CapacityReservationPreference}). */
public enum ReservationPreference {
  RESERVATIONS_ONLY("RESERVATIONS_ONLY"),
  RESERVATIONS_FIRST("RESERVATIONS_FIRST"),
  RESERVATIONS_EXCLUDED("RESERVATIONS_EXCLUDED");

  private final String value;

  ReservationPreference(String value) {
    this.value = value;
  }

  /** The value on the wire (Kubernetes and AWS alike). */
  @JsonValue
  public String value() {
    return value;
  }
}
