package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** A decimal range; either bound may be left out (no limit). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "min must be less than or equal to max")
public record DecimalRange(
    @JsonPropertyDescription("The minimum (inclusive). Omit for no minimum.") @Min(0) Double min,
    @JsonPropertyDescription("The maximum (inclusive). Omit for no maximum.") @Min(0) Double max) {}
