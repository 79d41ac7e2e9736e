package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How ECS launches the instances (ECS {@code InstanceLaunchTemplate}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.capacityOptionType) ? self.capacityOptionType : 'ON_DEMAND')"
            + " == (has(oldSelf.capacityOptionType) ? oldSelf.capacityOptionType : 'ON_DEMAND')",
    message =
        "capacityOptionType is immutable: ECS cannot change it on an existing capacity provider;"
            + " create a new CapacityProvider instead",
    fieldPath = ".capacityOptionType")
@ValidationRule(
    value =
        "has(self.fipsEnabled) == has(oldSelf.fipsEnabled)"
            + " && (!has(self.fipsEnabled) || self.fipsEnabled == oldSelf.fipsEnabled)",
    message =
        "fipsEnabled is immutable: ECS cannot change it on an existing capacity provider;"
            + " create a new CapacityProvider instead",
    fieldPath = ".fipsEnabled")
// The capacity reservation rules below are Terraform's (terraform-provider-aws PR #48816); AWS's
// API reference documents none of them, so the operator refuses what may be refused (see
// docs/aws-semantics.md).
@ValidationRule(
    value =
        "!has(self.capacityReservations)"
            + " || (has(self.capacityOptionType) && self.capacityOptionType == 'RESERVED')",
    message = "capacityReservations is only allowed with capacityOptionType: RESERVED",
    fieldPath = ".capacityReservations")
@ValidationRule(
    value =
        "!has(self.capacityOptionType) || self.capacityOptionType != 'RESERVED'"
            + " || has(self.capacityReservations)",
    message = "capacityOptionType: RESERVED needs capacityReservations",
    fieldPath = ".capacityReservations")
@ValidationRule(
    value =
        "!has(self.capacityReservations) || !has(self.capacityReservations.reservationPreference)"
            + " || !(self.capacityReservations.reservationPreference in"
            + " ['RESERVATIONS_ONLY', 'RESERVATIONS_FIRST'])"
            + " || has(self.instanceRequirements)",
    message =
        "reservationPreference RESERVATIONS_ONLY or RESERVATIONS_FIRST needs instanceRequirements"
            + " (reservations are matched against them)",
    fieldPath = ".instanceRequirements")
public record InstanceLaunchTemplateSpec(
    @JsonPropertyDescription(
            "ARN of the EC2 instance profile of the instances, e.g."
                + " arn:aws:iam::123456789012:instance-profile/ecsInstanceRole. With the managed"
                + " infrastructure policy its role's name must start with ecsInstanceRole.")
        @Required
        @Size(max = 2048)
        @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:instance-profile/[A-Za-z0-9+=,.@_/-]+$")
        String ec2InstanceProfileArn,
    @JsonPropertyDescription("The subnets and security groups of the instances.") @Required
        NetworkConfigurationSpec networkConfiguration,
    @JsonPropertyDescription("The instances' data volume.")
        StorageConfigurationSpec storageConfiguration,
    @JsonPropertyDescription("Whether to use instance store volumes.")
        LocalStorageConfigurationSpec localStorageConfiguration,
    @JsonPropertyDescription("CloudWatch monitoring: BASIC (5-minute) or DETAILED (1-minute).")
        Monitoring monitoring,
    @JsonPropertyDescription(
            "ON_DEMAND (the default), SPOT or RESERVED. Immutable: changing it needs a new"
                + " CapacityProvider.")
        CapacityOptionType capacityOptionType,
    @JsonPropertyDescription(
            "Capacity reservations to launch into; only with capacityOptionType: RESERVED.")
        CapacityReservationsSpec capacityReservations,
    @JsonPropertyDescription(
            "Launch instances with FIPS-validated cryptography. Immutable: changing it needs a"
                + " new CapacityProvider.")
        Boolean fipsEnabled,
    @JsonPropertyDescription(
            "Make the instances' tags available in instance metadata (the ECS default is true).")
        Boolean instanceMetadataTagsPropagation,
    @JsonPropertyDescription(
            "Attribute-based instance type selection: the vCPUs, memory and other attributes the"
                + " instance types must have.")
        InstanceRequirementsSpec instanceRequirements) {}
