package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A whole-number range whose minimum is required (vCPUs, memory). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.max) || self.min <= self.max",
    message = "min must be less than or equal to max")
public record IntegerRangeWithMin(
    @JsonPropertyDescription("The minimum (inclusive). Required.") @Required @Min(0) Integer min,
    @JsonPropertyDescription("The maximum (inclusive). Omit for no maximum.") @Min(0)
        Integer max) {}
