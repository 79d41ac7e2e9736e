package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Instance store use (ECS {@code ManagedInstancesLocalStorageConfiguration}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalStorageConfigurationSpec(
    @JsonPropertyDescription("Use the instance store volumes of instance types that have them.")
        @Required
        Boolean useLocalStorage) {}
