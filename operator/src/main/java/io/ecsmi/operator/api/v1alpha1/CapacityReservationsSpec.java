package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * EC2 capacity reservations for {@code capacityOptionType: RESERVED} (ECS {@code
 * CapacityReservationRequest}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.reservationGroupArn) || (has(self.reservationPreference)"
            + " && self.reservationPreference == 'RESERVATIONS_ONLY')",
    message = "reservationGroupArn is only allowed with reservationPreference: RESERVATIONS_ONLY",
    fieldPath = ".reservationGroupArn")
public record CapacityReservationsSpec(
    @JsonPropertyDescription(
            "ARN of the resource group of capacity reservations to launch into, e.g."
                + " arn:aws:resource-groups:us-east-1:123456789012:group/my-reservations; only with"
                + " reservationPreference RESERVATIONS_ONLY.")
        @Size(max = 2048)
        @Pattern("^arn:aws[a-z-]*:resource-groups:[a-z0-9-]+:[0-9]{12}:group/[A-Za-z0-9._-]+$")
        String reservationGroupArn,
    @JsonPropertyDescription(
            "RESERVATIONS_ONLY, RESERVATIONS_FIRST (then On-Demand) or RESERVATIONS_EXCLUDED.")
        ReservationPreference reservationPreference) {}
