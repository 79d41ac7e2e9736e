package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How ECS consolidates idle capacity (ECS {@code InfrastructureOptimization}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InfrastructureOptimizationSpec(
    @JsonPropertyDescription(
            "Seconds an instance stays idle or underused before ECS scales it in: 0 to 3600, or"
                + " -1 to turn optimization off. Omit for the ECS default.")
        @Min(-1)
        @Max(3600)
        Integer scaleInAfter) {}
