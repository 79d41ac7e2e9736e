package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Attribute-based instance type selection (ECS {@code InstanceRequirementsRequest}): ECS launches
 * any instance type that has these attributes. The lists are sets, as in AWS's model ({@code
 * CpuManufacturerSet}, {@code ExcludedInstanceTypeSet}...); the instance type lists hold at most
 * 400 names of 1-30 characters (the model's bounds).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.allowedInstanceTypes) || !has(self.excludedInstanceTypes)",
    message = "set either allowedInstanceTypes or excludedInstanceTypes, not both",
    fieldPath = ".allowedInstanceTypes")
@ValidationRule(
    value =
        "!has(self.spotMaxPricePercentageOverLowestPrice)"
            + " || !has(self.maxSpotPriceAsPercentageOfOptimalOnDemandPrice)",
    message =
        "set either spotMaxPricePercentageOverLowestPrice or"
            + " maxSpotPriceAsPercentageOfOptimalOnDemandPrice, not both",
    fieldPath = ".spotMaxPricePercentageOverLowestPrice")
public record InstanceRequirementsSpec(
    @JsonPropertyDescription("The number of vCPUs. min is required.") @Required
        IntegerRangeWithMin vCpuCount,
    @JsonPropertyDescription("The amount of memory in MiB. min is required.") @Required
        IntegerRangeWithMin memoryMiB,
    @JsonPropertyDescription(
            "CPU manufacturers to include: intel, amd, amazon-web-services. Omit for any.")
        @SetSemantics
        List<CpuManufacturer> cpuManufacturers,
    @JsonPropertyDescription("The amount of memory per vCPU in GiB.") DecimalRange memoryGiBPerVCpu,
    @JsonPropertyDescription(
            "Instance types to exclude; wildcards allowed (m5.8xlarge, c5*.*, m5a.*, r*, *3*)."
                + " Cannot be combined with allowedInstanceTypes.")
        @Size(max = 400)
        @SetSemantics
        List<@Pattern("^[a-zA-Z0-9.*-]{1,30}$") String> excludedInstanceTypes,
    @JsonPropertyDescription("Instance generations to include: current, previous.") @SetSemantics
        List<InstanceGeneration> instanceGenerations,
    @JsonPropertyDescription(
            "Price protection for Spot instances: the highest price as a percentage above the"
                + " cheapest matching instance type.")
        @Min(0)
        Integer spotMaxPricePercentageOverLowestPrice,
    @JsonPropertyDescription(
            "Price protection for On-Demand instances: the highest price as a percentage above"
                + " the cheapest matching instance type.")
        @Min(0)
        Integer onDemandMaxPricePercentageOverLowestPrice,
    @JsonPropertyDescription("Bare metal instance types: included, required or excluded.")
        Inclusion bareMetal,
    @JsonPropertyDescription(
            "Burstable performance (T) instance types: included, required or excluded.")
        Inclusion burstablePerformance,
    @JsonPropertyDescription("Only instance types that support hibernation.")
        Boolean requireHibernateSupport,
    @JsonPropertyDescription("The number of network interfaces.")
        IntegerRange networkInterfaceCount,
    @JsonPropertyDescription("Instance types with local storage: included, required or excluded.")
        Inclusion localStorage,
    @JsonPropertyDescription("Local storage types to include: hdd, ssd.") @SetSemantics
        List<LocalStorageType> localStorageTypes,
    @JsonPropertyDescription("The total local storage in GB.") DecimalRange totalLocalStorageGB,
    @JsonPropertyDescription("The baseline EBS bandwidth in Mbps.")
        IntegerRange baselineEbsBandwidthMbps,
    @JsonPropertyDescription("Accelerator types to include: gpu, fpga, inference.") @SetSemantics
        List<AcceleratorType> acceleratorTypes,
    @JsonPropertyDescription("The number of accelerators (GPUs, FPGAs, Inferentia chips).")
        IntegerRange acceleratorCount,
    @JsonPropertyDescription(
            "Accelerator manufacturers to include: amazon-web-services, amd, nvidia, xilinx,"
                + " habana.")
        @SetSemantics
        List<AcceleratorManufacturer> acceleratorManufacturers,
    @JsonPropertyDescription(
            "Accelerator models to include: a100, inferentia, k520, k80, m60, radeon-pro-v520, t4,"
                + " vu9p, v100, a10g, h100, t4g.")
        @SetSemantics
        List<AcceleratorName> acceleratorNames,
    @JsonPropertyDescription("The total memory of the accelerators in MiB.")
        IntegerRange acceleratorTotalMemoryMiB,
    @JsonPropertyDescription("The network bandwidth in Gbps.") DecimalRange networkBandwidthGbps,
    @JsonPropertyDescription(
            "The only instance types to consider; wildcards allowed. Cannot be combined with"
                + " excludedInstanceTypes.")
        @Size(max = 400)
        @SetSemantics
        List<@Pattern("^[a-zA-Z0-9.*-]{1,30}$") String> allowedInstanceTypes,
    @JsonPropertyDescription(
            "Price protection for Spot instances: the highest price as a percentage of the"
                + " optimal On-Demand price. Cannot be combined with"
                + " spotMaxPricePercentageOverLowestPrice.")
        @Min(0)
        Integer maxSpotPriceAsPercentageOfOptimalOnDemandPrice) {}
