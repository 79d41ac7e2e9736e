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
@ValidationRule(
    value =
        "!has(self.capacityReservations)"
            + " || (has(self.capacityOptionType) && self.capacityOptionType == 'RESERVED')",
    message = "capacityReservations is only allowed with capacityOptionType: RESERVED",
    fieldPath = ".capacityReservations")
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
