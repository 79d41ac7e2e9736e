package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Automatic repair of unhealthy instances (ECS {@code AutoRepairConfiguration}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutoRepairConfigurationSpec(
    @JsonPropertyDescription("ENABLED or DISABLED.") @Required
        AutoRepairActionsStatus actionsStatus) {}
